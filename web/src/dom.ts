/**
 * The one way this page builds elements. Data from the service is always text (a Text node
 * or textContent), never HTML: there is no innerHTML anywhere in web/. Attribute names that
 * would run code (on*, srcdoc) are refused, and links take only http(s) addresses.
 */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

const CODE_ATTRIBUTES = /^(on|srcdoc$|formaction$)/i;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (CODE_ATTRIBUTES.test(name)) throw new Error(`h(): attribute ${name} is not allowed`);
    if (name === 'href' && typeof value === 'string' && !isSafeUrl(value))
      throw new Error('h(): href must be http(s), relative or blob:');
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/**
 * A name from the data as an isolated run of text (<bdi>): its direction, and any bidi control
 * characters in it, cannot reorder the text around it ("Org\u202Eevil — member — 2015" keeps
 * that order), and its text stays the name itself.
 */
export function iso(text: string): HTMLElement {
  return h('bdi', {}, text);
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** http(s) addresses only, for links built from data; relative paths and blob: for the page's own. */
export function isSafeUrl(url: string): boolean {
  if (/^(\/(?!\/)|\?|#|blob:)/.test(url)) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A link to an address from the data, or its text alone when it is not http(s). */
export function dataLink(url: string | null | undefined, text: string): Node {
  if (url && isSafeUrl(url) && /^https?:/i.test(url))
    return h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text);
  return document.createTextNode(text);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/** Starts a browser download of a blob under a file name. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
