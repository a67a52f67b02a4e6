/**
 * The POST handler shared by the release actions that take only an optional `{generation}` body
 * (restore, offline, promote, pause, resume, abort): same params, same permission (the action
 * patches the job), same stale-write check; only the server function differs.
 */
import 'server-only';
import { optionalBody, route } from '@/app/api/_lib/handler';
import { actionBody } from '@/lib/api/schemas';
import { actingUser } from '@/server/releases/acting-user';
import type { ExpectedVersion } from '@/server/releases/actions';
import { releaseParams } from '@/server/releases/request-schemas';

/** A release action: namespace, job name, the acting user (recorded on the job), the generation the caller saw. */
export type ReleaseAction = (ns: string, name: string, user: string, expect: ExpectedVersion) => Promise<unknown>;

/** POST handler for a release action whose body is an optional `{generation}`. */
export function releaseActionRoute(action: ReleaseAction) {
  return route(
    { params: releaseParams, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
    async ({ params, request }) => {
      const { generation } = await optionalBody(request, actionBody);
      return action(params.ns, params.name, await actingUser(request), { generation });
    },
  );
}
