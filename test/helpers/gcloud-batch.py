# Runs many gcloud command lines in one Python process, as `gcloud ARGS...` would run each.
# Started by test/helpers/gcloud.ts through the gcloud launcher's own preamble (so the same Python,
# arguments and environment as `gcloud`). Reads a JSON list of argv lists (each starting with
# "gcloud") on stdin and writes a JSON list of {"code": exit status, "stderr": text} to stdout.
import json
import os
import sys
import tempfile

# lib/gcloud.py is what the launcher runs: importing it sets up sys.path the same way.
sys.path.insert(0, os.path.join(os.environ['CLOUDSDK_ROOT_DIR'], 'lib'))
import gcloud  # noqa: E402

sys.path = gcloud.reorder_sys_path(sys.path)
gcloud._fix_google_module()
gcloud_main = gcloud._import_gcloud_main()
from googlecloudsdk.core.credentials import creds_context_managers  # noqa: E402


def run(cli, args, out, err):
    """One command with fds 1 and 2 sent to the given files; returns its exit status and stderr."""
    for f in (out, err):
        f.seek(0)
        f.truncate()
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    try:
        cli.Execute(args, call_arg_complete=False)
        code = 0
    except SystemExit as e:  # as the interpreter exits: None is 0, a message goes to stderr with 1
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            sys.stderr.write('%s\n' % e.code)
            code = 1
    except Exception as e:  # gcloud_main's crash handler says this (and exits 1)
        sys.stderr.write('ERROR: gcloud crashed (%s): %s\n' % (type(e).__name__, e))
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
    err.seek(0)
    return {'code': code, 'stderr': err.read().decode('utf-8', 'replace')}


def main():
    commands = json.load(sys.stdin)
    cli = gcloud_main.CreateCLI([])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        with creds_context_managers.CredentialProvidersManager():
            results = [run(cli, argv[1:], out, err) for argv in commands]
    sys.stdout.write(json.dumps(results))


main()
