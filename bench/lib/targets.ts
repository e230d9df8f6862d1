/** Rooms on each server, and the wire protocol its clients speak. */
import type { RoomTarget, ServerKind, WireProtocol } from './protocol.ts';

export function protocolOf(kind: ServerKind): WireProtocol {
  return kind === 'hocuspocus' || kind === 'hocuspocus-sqlite' ? 'hocuspocus' : 'y-websocket';
}

const GROUPS_PER_WORKSHOP = 10;

interface CreatedWorkshop {
  workshopId: string;
  groupIds: string[];
  participantToken: string;
}

/** Reads the POST /api/workshops answer without depending on its exact nesting. */
export function parseWorkshop(body: unknown): CreatedWorkshop {
  const o = body as Record<string, unknown>;
  const workshop = (o.workshop as Record<string, unknown> | undefined) ?? o;
  const workshopId = (workshop.id ?? o.workshopId ?? o.id) as string | undefined;
  const groups = ((workshop.groups ?? o.groups) as Array<Record<string, unknown> | string> | undefined) ?? [];
  const groupIds = groups.map((g) => (typeof g === 'string' ? g : String(g.id ?? g.groupId)));
  const tokens = (o.tokens ?? workshop.tokens ?? o.links) as Record<string, unknown> | undefined;
  const participant = tokens?.participant;
  const participantToken =
    typeof participant === 'string'
      ? participant.includes('token=')
        ? new URL(participant, 'http://x').searchParams.get('token') ?? participant
        : participant
      : undefined;
  if (!workshopId || groupIds.length === 0 || !participantToken) {
    throw new Error(`unexpected POST /api/workshops answer: ${JSON.stringify(body).slice(0, 400)}`);
  }
  return { workshopId, groupIds, participantToken };
}

async function createWorkshop(port: number, groups: number): Promise<CreatedWorkshop> {
  const res = await fetch(`http://127.0.0.1:${port}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Benchmark', groups, template: 'blank', locale: 'en' }),
  });
  if (!res.ok) throw new Error(`POST /api/workshops: ${res.status} ${await res.text()}`);
  return parseWorkshop(await res.json());
}

/** Makes `count` rooms on the server (Causeway: workshops of up to 10 groups, participant token). */
export async function makeRooms(kind: ServerKind, port: number, count: number, tag: string): Promise<RoomTarget[]> {
  if (kind !== 'causeway' && kind !== 'causeway-memory') {
    return Array.from({ length: count }, (_, i) => ({ serverUrl: `ws://127.0.0.1:${port}`, room: `${tag}-${i}`, params: {} }));
  }
  const rooms: RoomTarget[] = [];
  while (rooms.length < count) {
    const n = Math.min(GROUPS_PER_WORKSHOP, count - rooms.length);
    const w = await createWorkshop(port, n);
    for (const g of w.groupIds.slice(0, n)) {
      rooms.push({ serverUrl: `ws://127.0.0.1:${port}/sync`, room: `${w.workshopId}/${g}`, params: { token: w.participantToken } });
    }
  }
  return rooms;
}
