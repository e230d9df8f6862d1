/** Where the browser is: the board of one group, or anything else. Validated like every boundary. */

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type Route =
  | { kind: 'board'; workshopId: string; groupId: string; token: string | null }
  | { kind: 'home' }
  | { kind: 'notFound' };

/**
 * `/w/<workshopId>/g/<groupId>#t=<token>`. The token lives in the fragment so it never reaches
 * server logs or referrers. An id outside the allowed alphabet is not a board.
 */
export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { kind: 'home' };
  const m = /^\/w\/([^/]+)\/g\/([^/]+)\/?$/.exec(pathname);
  if (!m) return { kind: 'notFound' };
  const workshopId = safeDecode(m[1]!);
  const groupId = safeDecode(m[2]!);
  if (workshopId === null || groupId === null || !ID.test(workshopId) || !ID.test(groupId)) return { kind: 'notFound' };
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('t');
  return { kind: 'board', workshopId, groupId, token: token && token.length > 0 ? token : null };
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
