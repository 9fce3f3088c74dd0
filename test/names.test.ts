// segmentAfter replaces regular expressions on hot paths (issue 7): it must capture what they capture.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { projectInLink, projectOf, regionOf, segmentAfter } from '../src/names.js';

// Texts built from the pieces that matter: slashes, the marker, its prefix, and names.
const piece = fc.constantFrom('/', '//', 'projects/', '/projects/', 'xprojects/', 'projects', 'p-1', 'my-proj', 'regions', '', 'a/b');
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

it('captures what /\\/projects\\/([^/]+)/, /projects\\/([^/]+)\\// and /(?:^|\\/)projects\\/([^/]+)\\// capture (seed 3)', () => {
  fc.assert(
    fc.property(text, (t) => {
      expect(projectOf(t)).toBe(/\/projects\/([^/]+)/.exec(t)?.[1]);
      expect(projectInLink(t)).toBe(/projects\/([^/]+)\//.exec(t)?.[1]);
      expect(segmentAfter(t, 'projects/', { followedBySlash: true, atSegmentStart: true })).toBe(/(?:^|\/)projects\/([^/]+)\//.exec(t)?.[1]);
    }),
    { seed: 3, numRuns: 5000 },
  );
  expect(projectInLink('https://www.googleapis.com/compute/v1/projects/host-1/global/networks/vpc')).toBe('host-1');
  expect(projectOf('//compute.googleapis.com/projects/p/global/networks/n')).toBe('p');
});

it('regionOf captures what /\\/(?:regions|locations)\\/([^/]+)/ captures, global being no region (seed 4)', () => {
  const part = fc.constantFrom('/', '//', 'regions', '/regions/', 'locations/', '/locations/', 'global', 'eu-west1', 'a/b', '');
  fc.assert(
    fc.property(fc.array(part, { maxLength: 8 }).map((parts) => parts.join('')), (t) => {
      const m = /\/(?:regions|locations)\/([^/]+)/.exec(t);
      expect(regionOf(t)).toBe(m && m[1] !== 'global' ? m[1] : undefined);
    }),
    { seed: 4, numRuns: 5000 },
  );
  expect(regionOf('//compute.googleapis.com/projects/p/regions/europe-west2/subnetworks/s')).toBe('europe-west2');
  expect(regionOf('//run.googleapis.com/projects/p/locations/us-central1/jobs/j')).toBe('us-central1');
});
