import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { unknownFieldsOfBuiltin } from './builtin-unknown-fields';
import { admitIstioObject } from './istio-admission';

const vs = (http: unknown[]): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http } });

describe('admitIstioObject', () => {
  it('admits weighted, matched and mirrored routes', () => {
    expect(
      admitIstioObject(
        vs([
          { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
          { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }], mirror: { host: 'reviews', subset: 'v3' }, mirrorPercentage: { value: 100 } },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses negative weights, all-zero weights, missing hosts and bad mirror percentages', () => {
    expect(
      admitIstioObject(
        vs([
          { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 101 }, { destination: { host: 'reviews', subset: 'v2' }, weight: -1 }] },
          { route: [{ destination: { host: 'reviews' }, weight: 0 }, { destination: { subset: 'v2' }, weight: 0 }], mirror: { host: 'reviews' }, mirrorPercentage: { value: 150 } },
          { route: [] },
        ]),
      ),
    ).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.http[0].route[1].weight', message: 'weight -1 < 0' },
      { reason: 'FieldValueRequired', field: 'spec.http[1].route[1].destination.host', message: 'empty domain name not allowed' },
      { reason: 'FieldValueInvalid', field: 'spec.http[1].route', message: 'total destination weight = 0' },
      { reason: 'FieldValueInvalid', field: 'spec.http[1].mirrorPercentage.value', message: 'mirror_percentage must have a max value of 100 (it has 150.000000)' },
      { reason: 'FieldValueRequired', field: 'spec.http[2].route', message: 'HTTP route, redirect or direct_response is required' },
    ]);
  });

  it('checks DestinationRule subsets and Gateway servers', () => {
    const dr: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r' }, spec: { host: 'r', subsets: [{ name: 'v1' }, { name: 'v1' }, { labels: {} }] } };
    expect(admitIstioObject(dr)).toEqual([
      { reason: 'FieldValueDuplicate', field: 'spec.subsets[1].name', message: 'duplicate subset names: v1' },
      { reason: 'FieldValueRequired', field: 'spec.subsets[2].name', message: 'subset name cannot be empty' },
    ]);
    const gw: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }, { hosts: ['*'] }] } };
    expect(admitIstioObject(gw)).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.servers[0].hosts', message: 'server config must contain at least one host' },
      { reason: 'FieldValueRequired', field: 'spec.servers[1].port', message: 'port is required' },
    ]);
  });
});

describe('unknownFieldsOfBuiltin', () => {
  it('finds unknown fields by path as strict decoding reports them', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { a: 'b' }, bogus: 1 },
      spec: { unknownSpec: true, selector: { matchLabels: { app: 'web' } }, template: { metadata: { annotations: { x: 'y' } }, spec: { containers: [{ name: 'c', image: 'i', imagePullPolcy: 'Always', resources: { limits: { cpu: '1' } } }] } } },
    };
    expect(unknownFieldsOfBuiltin(deploy, { group: 'apps', version: 'v1', kind: 'Deployment' })).toEqual([
      'metadata.bogus',
      'spec.unknownSpec',
      'spec.template.spec.containers[0].imagePullPolcy',
    ]);
    expect(unknownFieldsOfBuiltin({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { any: 'thing' } }, { group: '', version: 'v1', kind: 'ConfigMap' })).toEqual([]);
  });
});
