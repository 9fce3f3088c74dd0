// The custom string formats of the raw schemas, shared by the precompiled validators
// (validators.generated.ts imports FORMATS) and by scripts/gen-validators.ts.
import { sharedCidr } from '../ip.js';

export const FORMATS = {
  cidr: { type: 'string', validate: (s: string) => sharedCidr(s) !== undefined },
  'port-range': {
    type: 'string',
    validate: (s: string) => {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s);
      return !!m && Number(m[1]) <= 65535 && Number(m[2] ?? m[1]) <= 65535 && Number(m[1]) <= Number(m[2] ?? m[1]);
    },
  },
} as const;
