/**
 * The page's only way to the service: POST /graphql (and GET /export with the same key).
 * The API key lives in sessionStorage for this tab only, is sent as a Bearer header and
 * never goes into the URL.
 */
const KEY = 'stakeholder-graph.api-key';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** One of several problems the service reported together (extensions.problems): its own message and fields. */
export interface InputProblem {
  message: string;
  fields: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly fields: FieldProblem[] = [],
    readonly currentVersion?: number,
    readonly problems: InputProblem[] = [],
  ) {
    super(message);
  }
}

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key.trim().replace(/^Bearer\s+/i, ''));
  else sessionStorage.removeItem(KEY);
}

function headers(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

interface GqlError {
  message: string;
  extensions?: {
    code?: string;
    fields?: FieldProblem[];
    currentVersion?: number;
    problems?: InputProblem[];
  };
}

/** Sends one operation; an answer with errors throws the first as an ApiError. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The service did not answer; check the connection and retry.', 'NETWORK', 0);
  }
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`The service answered HTTP ${res.status} without JSON.`, 'HTTP', res.status);
  }
  const first = body.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    throw new ApiError(
      first.message,
      ext.code ?? 'INTERNAL',
      res.status,
      ext.fields ?? [],
      ext.currentVersion,
      ext.problems ?? [],
    );
  }
  if (!body.data) throw new ApiError('The answer held no data.', 'INTERNAL', res.status);
  return body.data;
}

/** GET /export/<file>?<params> with the key; resolves to the document and its file name. */
export async function exportFile(
  file: string,
  params: Record<string, string>,
): Promise<{ blob: Blob; filename: string }> {
  const res = await fetch(`/export/${file}?${new URLSearchParams(params).toString()}`, {
    headers: headers(),
  });
  if (!res.ok) {
    let message = `The export answered HTTP ${res.status}.`;
    let code = 'HTTP';
    try {
      const body = (await res.json()) as { error?: { code: string; message: string } };
      if (body.error) ({ message, code } = body.error);
    } catch {
      // the status line is all there is
    }
    throw new ApiError(message, code, res.status);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? file;
  return { blob: await res.blob(), filename };
}

/** POST /export/links: a short-lived signed link to an export, for tools that cannot send the key. */
export async function exportLink(
  file: string,
  params: Record<string, string>,
): Promise<{ url: string; expiresAt: string }> {
  let res: Response;
  try {
    res = await fetch('/export/links', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers() },
      body: JSON.stringify({ file, ...params }),
    });
  } catch {
    throw new ApiError('The service did not answer; check the connection and retry.', 'NETWORK', 0);
  }
  const body = (await res.json().catch(() => ({}))) as {
    url?: string;
    expiresAt?: string;
    error?: { code: string; message: string };
  };
  if (!res.ok || !body.url || !body.expiresAt)
    throw new ApiError(
      body.error?.message ?? `The service answered HTTP ${res.status}.`,
      body.error?.code ?? 'HTTP',
      res.status,
    );
  return { url: body.url, expiresAt: body.expiresAt };
}
