/** Where the browser is: the board of one group, or anything else. Validated like every boundary. */

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type Route =
  | { kind: 'board'; workshopId: string; groupId: string; token: string | null }
  | { kind: 'home' }
  /** `/w/<workshopId>#t=<token>`: the overview of every group (facilitator or viewer token). */
  | { kind: 'workshop'; workshopId: string; token: string | null }
  /** `/w/<workshopId>/join#t=<participantToken>`: pick a group and a name. */
  | { kind: 'join'; workshopId: string; token: string | null }
  /** `/w/<workshopId>/g/<groupId>/present#t=<token>`: the projector view of one group (any role). */
  | { kind: 'present'; workshopId: string; groupId: string; token: string | null }
  | { kind: 'notFound' };

/**
 * `/w/<workshopId>/g/<groupId>#t=<token>`. The token lives in the fragment so it never reaches
 * server logs or referrers. An id outside the allowed alphabet is not a board.
 */
export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { kind: 'home' };
  const workshopPage = /^\/w\/([^/]+)(\/join)?\/?$/.exec(pathname);
  if (workshopPage) {
    const workshopId = safeDecode(workshopPage[1]!);
    if (workshopId === null || !ID.test(workshopId)) return { kind: 'notFound' };
    return { kind: workshopPage[2] ? 'join' : 'workshop', workshopId, token: tokenOf(hash) };
  }
  const m = /^\/w\/([^/]+)\/g\/([^/]+)(\/present)?\/?$/.exec(pathname);
  if (!m) return { kind: 'notFound' };
  const workshopId = safeDecode(m[1]!);
  const groupId = safeDecode(m[2]!);
  if (workshopId === null || groupId === null || !ID.test(workshopId) || !ID.test(groupId)) return { kind: 'notFound' };
  return { kind: m[3] ? 'present' : 'board', workshopId, groupId, token: tokenOf(hash) };
}

/** The `t` parameter of the fragment, or null when it is missing or empty. */
function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get('t');
  return token && token.length > 0 ? token : null;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
