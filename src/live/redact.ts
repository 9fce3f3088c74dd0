// Secrets never reach a snapshot: Cloud Run containers keep their env var names but lose every value and
// secret reference (v1 valueFrom, v2 valueSource), and their args (where tokens are often passed inline) are dropped.

interface Container {
  env?: { name?: string; value?: unknown; valueSource?: unknown }[];
  args?: unknown;
}

function redactContainers(containers: unknown): void {
  if (!Array.isArray(containers)) return;
  for (const c of containers as Container[]) {
    if (Array.isArray(c.env)) c.env = c.env.map((e) => ({ name: e.name }));
    delete c.args;
  }
}

interface PodTemplate {
  spec?: { containers?: unknown; template?: { spec?: { containers?: unknown } } };
}

/** Redacts a Run v2 Service, Job or WorkerPool, or a Run v1 (Knative) Service or Job, in place and returns it. */
export function redactRunResource<T extends Record<string, unknown>>(resource: T): T {
  const template = resource.template as { containers?: unknown; template?: { containers?: unknown } } | undefined;
  redactContainers(template?.containers);
  redactContainers(template?.template?.containers);
  const v1 = (resource.spec as { template?: PodTemplate } | undefined)?.template?.spec;
  redactContainers(v1?.containers);
  redactContainers(v1?.template?.spec?.containers);
  return resource;
}
