import type { ErrorResponse } from '../../bot/tab/tabApi';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The headers that say who is asking: a Teams SSO token, or in local mode the person's name. */
export type Credentials = () => Promise<Record<string, string>>;

export interface Api {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  /** Answers 200, 409 and 422 are outcomes the page shows; anything else throws. */
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

async function fail(r: Response): Promise<never> {
  let body: Partial<ErrorResponse> = {};
  try {
    body = (await r.json()) as ErrorResponse;
  } catch {
    // not JSON: keep the status alone
  }
  throw new ApiError(r.status, body.code ?? 'http_error', body.error ?? `The server answered ${r.status}.`);
}

export function createApi(credentials: Credentials): Api {
  return {
    async get(path, query = {}) {
      const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
      const r = await fetch(`${path}${q.size ? `?${q}` : ''}`, {
        headers: { accept: 'application/json', ...(await credentials()) },
      });
      if (!r.ok) return fail(r);
      return r.json();
    },
    async post(path, body) {
      const r = await fetch(path, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', ...(await credentials()) },
        body: JSON.stringify(body),
      });
      if (r.status !== 200 && r.status !== 409 && r.status !== 422) return fail(r);
      return { status: r.status, body: await r.json() };
    },
  };
}
