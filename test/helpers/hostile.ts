// A model whose names and states carry markup, quotes, Mermaid syntax and entity codes.
import { job, seedDocs } from '../engine-helpers.js';

// Resource names cannot contain '/', so the closing tags go into the connector state.
export const HOSTILE = 'x"]; click x call alert(1) %%{init: {"securityLevel":"loose"}}%% <script>alert(1)<\\script> `**md**` #quot; &amp;';

export function hostileDocs() {
  const d = seedDocs();
  job(d).name = `projects/myproject/locations/europe-west2/jobs/${HOSTILE}`;
  d['connectors.json'].connectors[0].state = `ERROR <img src=x onerror=alert(1)></script><script>alert(2)</script> "]`;
  return d;
}
