/** Legend marks: the colours and shapes of model.ts, set through the CSSOM (allowed by the page's CSP). */
import { h } from './dom';
import { EDGE_LOOK, NODE_LOOK, UNKNOWN_LOOK } from './model';

export function swatch(type: string): HTMLElement {
  const look = NODE_LOOK[type] ?? UNKNOWN_LOOK;
  const el = h('span', { class: `swatch shape-${look.shape}`, 'aria-hidden': 'true' });
  el.style.backgroundColor = look.colour;
  return el;
}

export function line(type: string | null): HTMLElement {
  const look = type ? EDGE_LOOK[type] : undefined;
  const el = h('span', { class: `line line-${look?.line ?? 'solid'}`, 'aria-hidden': 'true' });
  el.style.borderTopColor = look?.colour ?? '#495057';
  if (!type) el.classList.add('line-thick');
  return el;
}
