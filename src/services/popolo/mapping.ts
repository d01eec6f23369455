/**
 * How Popolo's free-text classifications and roles map onto the model's kinds and roles,
 * both ways. A classification nothing fits becomes OTHER, and its text is kept in the
 * description as "Popolo classification: <text>" so that an export can give it back.
 */
import { EventKind, OrganisationKind } from '../../domain/model';

export const CLASSIFICATION_NOTE = /^Popolo classification: (.+)$/;

const ORGANISATION_KINDS: Array<[RegExp, OrganisationKind]> = [
  [
    /\b(legislature|parliament|assembly|senate|chamber|council|government|executive|ministry|cabinet|municipality|committee|court|agency|authority)\b/i,
    OrganisationKind.GOVERNMENT,
  ],
  [/\b(un agency|united nations|specialized agency)\b/i, OrganisationKind.UN_AGENCY],
  [/\b(trade union|labou?r union|union)\b/i, OrganisationKind.TRADE_UNION],
  [
    /\b(professional (association|body|society)|medical association|nurses'? association)\b/i,
    OrganisationKind.PROFESSIONAL_ASSOCIATION,
  ],
  [
    /\b(university|college|academic|research institute|school)\b/i,
    OrganisationKind.ACADEMIC_INSTITUTION,
  ],
  [/\b(foundation|trust)\b/i, OrganisationKind.FOUNDATION],
  [/\b(donor|funder|development bank)\b/i, OrganisationKind.DONOR],
  [/\b(network|alliance|coalition|federation)\b/i, OrganisationKind.CSO_NETWORK],
  [/\b(ngo|non-governmental|nonprofit|non-profit|charity|civil society)\b/i, OrganisationKind.NGO],
  [/\b(company|corporation|business|private|firm|enterprise)\b/i, OrganisationKind.PRIVATE_SECTOR],
];

const EVENT_KINDS: Array<[RegExp, EventKind]> = [
  [/\b(session|sitting)\b/i, EventKind.SESSION],
  [/\b(conference|congress|summit|forum)\b/i, EventKind.CONFERENCE],
  [/\b(side event)\b/i, EventKind.SIDE_EVENT],
  [/\b(meeting|hearing)\b/i, EventKind.MEETING],
  [/\b(webinar)\b/i, EventKind.WEBINAR],
  [/\b(consultation)\b/i, EventKind.CONSULTATION],
];

const AFFILIATION_ROLES: Array<[RegExp, string]> = [
  [/\b(director|head|chief executive|ceo|president|secretary.general)\b/i, 'DIRECTOR'],
  [/\b(board|trustee|chair)\b/i, 'BOARD'],
  [/\b(advis[eo]r|consultant)\b/i, 'ADVISER'],
  [/\b(staff|employee|officer|secretary)\b/i, 'STAFF'],
  [/\b(member|representative|deputy|mp|councillor)\b/i, 'MEMBER'],
];

const MEMBERSHIP_ROLES: Array<[RegExp, string]> = [
  [/\bfounder|founding\b/i, 'FOUNDER'],
  [/\bassociate\b/i, 'ASSOCIATE'],
  [/\bmember\b/i, 'MEMBER'],
];

function fit<T>(text: string | undefined, table: Array<[RegExp, T]>): T | null {
  if (!text) return null;
  return table.find(([re]) => re.test(text))?.[1] ?? null;
}

/** A kind and, when nothing fits, the description that keeps the classification's words. */
export function organisationKind(classification: string | undefined): {
  kind: string;
  note: string | null;
} {
  const kind = fit(classification, ORGANISATION_KINDS);
  return kind
    ? { kind, note: null }
    : {
        kind: OrganisationKind.OTHER,
        note: classification ? `Popolo classification: ${classification}` : null,
      };
}

export function eventKind(classification: string | undefined): {
  kind: string;
  note: string | null;
} {
  const kind = fit(classification, EVENT_KINDS);
  return kind
    ? { kind, note: null }
    : {
        kind: EventKind.OTHER,
        note: classification ? `Popolo classification: ${classification}` : null,
      };
}

/** A membership's role as an affiliation (person → organisation) or membership (organisation → organisation). */
export function tieRole(
  role: string | undefined,
  ofOrganisation: boolean,
): { role: string; note: string | null } {
  const hit = fit(role, ofOrganisation ? MEMBERSHIP_ROLES : AFFILIATION_ROLES);
  if (hit) return { role: hit, note: null };
  return {
    role: ofOrganisation ? 'MEMBER' : role ? 'OTHER' : 'MEMBER',
    note: role ? `Popolo role: ${role}` : null,
  };
}

/** A kind's Popolo classification on export: the words kept in the description, or the kind in lower case. */
export function classificationOf(
  kind: unknown,
  description: unknown,
): { classification: string | undefined; description: string | undefined } {
  const d = typeof description === 'string' ? description : undefined;
  const kept = d ? CLASSIFICATION_NOTE.exec(d) : null;
  if (kept) return { classification: kept[1], description: undefined };
  const words =
    typeof kind === 'string' && kind !== 'OTHER'
      ? kind.toLowerCase().replace(/_/g, ' ')
      : undefined;
  return { classification: words, description: d };
}

/** A partial date from a Popolo date or date-time ("2015-11-02T10:00:00Z" → "2015-11-02"). */
export function popoloDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const m = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/.exec(value.trim());
  return m ? m[0] : value.trim();
}
