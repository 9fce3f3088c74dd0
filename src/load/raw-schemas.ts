// JSON Schemas of the raw API resources, limited to the fields egress-lint reads (APIs grow:
// unknown fields are ignored). Field names and types follow the REST references of compute v1,
// vpcaccess v1 and run v1/v2 (see google-clients-notes.md §5 and the real samples in ../shared).
// Compiled ahead of time into ./validators.generated.ts by scripts/gen-validators.ts.

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const strs = { type: 'array', items: str } as const;
/** int64 fields come as strings on the wire, plain numbers from gcloud and Terraform. */
const int = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d+$' }] } as const;
/** A required reference (network, region): the normaliser resolves it, so it must name something. */
const ref = { type: 'string', pattern: '\\S' } as const;
const cidr = { type: 'string', format: 'cidr' } as const;
const cidrs = { type: 'array', items: cidr } as const;
const protocolClauses = {
  type: 'array',
  items: {
    type: 'object',
    required: ['IPProtocol'],
    properties: { IPProtocol: str, ports: { type: 'array', items: { type: 'string', format: 'port-range' } } },
  },
} as const;
const named = (extra: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  required: ['name', ...required],
  properties: { name: { type: 'string', minLength: 1 }, ...extra },
});

/** Connector and Run v2 names are full names the normaliser splits: "projects/P/locations/R/connectors/C". */
const fullName = (collection: string) => ({ type: 'string', pattern: `^projects/[^/]+/locations/[^/]+/${collection}/[^/]+$` });

const vpcAccessV2 = {
  type: 'object',
  properties: {
    connector: str,
    egress: str,
    networkInterfaces: {
      type: 'array',
      items: { type: 'object', properties: { network: str, subnetwork: str, tags: strs } },
    },
  },
};

export const RAW_SCHEMAS = {
  network: named({
    selfLink: str,
    autoCreateSubnetworks: bool,
    IPv4Range: str,
    networkFirewallPolicyEnforcementOrder: { enum: ['AFTER_CLASSIC_FIREWALL', 'BEFORE_CLASSIC_FIREWALL'] },
    peerings: {
      type: 'array',
      items: named({ network: ref, state: str, exchangeSubnetRoutes: bool, importCustomRoutes: bool, exportCustomRoutes: bool }, [
        'network',
      ]),
    },
  }),
  subnetwork: named(
    {
      selfLink: str,
      network: ref,
      region: ref,
      ipCidrRange: cidr,
      privateIpGoogleAccess: bool,
      purpose: str,
      secondaryIpRanges: {
        type: 'array',
        items: { type: 'object', required: ['rangeName', 'ipCidrRange'], properties: { rangeName: str, ipCidrRange: cidr } },
      },
    },
    ['network', 'region', 'ipCidrRange'],
  ),
  firewall: named(
    {
      selfLink: str,
      network: ref,
      direction: { enum: ['INGRESS', 'EGRESS'] },
      priority: int,
      disabled: bool,
      sourceRanges: cidrs,
      destinationRanges: cidrs,
      sourceTags: strs,
      targetTags: strs,
      sourceServiceAccounts: strs,
      targetServiceAccounts: strs,
      allowed: protocolClauses,
      denied: protocolClauses,
    },
    ['network'],
  ),
  route: named(
    {
      selfLink: str,
      network: ref,
      destRange: cidr,
      priority: int,
      tags: strs,
      nextHopGateway: str,
      nextHopInstance: str,
      nextHopIp: str,
      nextHopIlb: str,
      nextHopVpnTunnel: str,
      nextHopPeering: str,
      nextHopNetwork: str,
      nextHopInterconnectAttachment: str,
      nextHopHub: str,
      routeType: str,
    },
    ['network', 'destRange'],
  ),
  router: named(
    {
      selfLink: str,
      network: ref,
      region: ref,
      nats: {
        type: 'array',
        items: named({
          type: str,
          sourceSubnetworkIpRangesToNat: {
            enum: ['ALL_SUBNETWORKS_ALL_IP_RANGES', 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES', 'LIST_OF_SUBNETWORKS'],
          },
          subnetworks: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              properties: { name: str, sourceIpRangesToNat: strs, secondaryIpRangeNames: strs },
            },
          },
          natIpAllocateOption: { enum: ['AUTO_ONLY', 'MANUAL_ONLY'] },
          natIps: strs,
          minPortsPerVm: int,
          enableDynamicPortAllocation: bool,
          endpointTypes: strs,
        }),
      },
    },
    ['network', 'region'],
  ),
  address: named({
    selfLink: str,
    region: str,
    address: str,
    prefixLength: int,
    purpose: str,
    addressType: str,
    network: str,
  }),
  firewallPolicy: {
    type: 'object',
    required: ['name'],
    properties: {
      name: str,
      shortName: str,
      displayName: str,
      type: str,
      selfLink: str,
      region: str,
      associations: { type: 'array', items: { type: 'object', properties: { attachmentTarget: str, name: str } } },
      rules: {
        type: 'array',
        items: {
          type: 'object',
          required: ['priority', 'direction', 'action'],
          properties: {
            priority: int,
            direction: { enum: ['INGRESS', 'EGRESS'] },
            action: { enum: ['allow', 'deny', 'goto_next', 'apply_security_profile_group'] },
            disabled: bool,
            ruleName: str,
            description: str,
            targetResources: strs,
            targetServiceAccounts: strs,
            targetSecureTags: { type: 'array', items: { type: 'object', properties: { name: str } } },
            match: {
              type: 'object',
              properties: {
                srcIpRanges: cidrs,
                destIpRanges: cidrs,
                layer4Configs: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['ipProtocol'],
                    properties: { ipProtocol: str, ports: { type: 'array', items: { type: 'string', format: 'port-range' } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  connector: named(
    {
      name: fullName('connectors'),
      network: str,
      ipCidrRange: cidr,
      subnet: { type: ['object', 'null'], properties: { name: str, projectId: str } },
      state: str,
      machineType: str,
      minInstances: int,
      maxInstances: int,
    },
    [],
  ),
  runJobV2: named({ name: fullName('jobs'), template: { type: 'object', properties: { template: { type: 'object', properties: { vpcAccess: vpcAccessV2, serviceAccount: str } } } } }),
  runServiceV2: named({
    name: fullName('services'),
    template: {
      type: 'object',
      properties: {
        vpcAccess: vpcAccessV2,
        serviceAccount: str,
        scaling: { type: 'object', properties: { maxInstanceCount: int } },
      },
    },
  }),
  runV1: {
    type: 'object',
    required: ['metadata'],
    properties: {
      metadata: {
        type: 'object',
        required: ['name', 'namespace'],
        properties: { name: str, namespace: str, labels: { type: 'object', additionalProperties: str } },
      },
      spec: {
        type: 'object',
        properties: {
          template: {
            type: 'object',
            properties: { metadata: { type: 'object', properties: { annotations: { type: 'object', additionalProperties: str } } } },
          },
        },
      },
    },
  },
} as const;

export type RawKind = keyof typeof RAW_SCHEMAS;
