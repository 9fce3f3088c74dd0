// Secrets never reach a snapshot: Cloud Run containers keep their env var names but lose every value and
// secret reference (v1 valueFrom, v2 valueSource), and their args (where tokens are often passed inline) are dropped.

interface Container {
  /** v2: value or valueSource.secretKeyRef; v1: value or valueFrom.secretKeyRef. Only the name is kept. */
  env?: { name?: string; value?: unknown; valueSource?: unknown; valueFrom?: unknown }[];
  args?: unknown;
}

function redactContainers(containers: unknown): void {
  if (!Array.isArray(containers)) return;
  for (const c of containers as Container[]) {
    if (Array.isArray(c.env)) c.env = c.env.map((e) => ({ name: e.name }));
    delete c.args;
  }
}

type PodSpec = { containers?: unknown; template?: { spec?: PodSpec } };

/**
 * Redacts a Run v2 Service, Job or WorkerPool (REST JSON), or a Run v1 Service or Job (Knative form:
 * containers under spec.template.spec, and spec.template.spec.template.spec for a Job), in place and
 * returns it. v1 was not redacted before (found by test/no-secrets.test.ts).
 */
export function redactRunResource<T extends Record<string, unknown>>(resource: T): T {
  const template = resource.template as { containers?: unknown; template?: { containers?: unknown } } | undefined;
  redactContainers(template?.containers);
  redactContainers(template?.template?.containers);
  const v1 = (resource.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  redactContainers(v1?.containers);
  redactContainers(v1?.template?.spec?.containers);
  return resource;
}
