// A user error in an input file: the file cannot be read as what it claims to be.
export class InputError extends Error {
  constructor(
    public file: string,
    /** A JSON pointer or "line:col". */
    public where: string,
    message: string,
  ) {
    super(`${file}:${where}: ${message}`);
    this.name = 'InputError';
  }
}
