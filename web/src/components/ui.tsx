import type { MouseEvent, ReactNode } from 'react';
import { SEVERITY_COLOR, entityPath } from '../app/format';
import { navigate } from '../app/router';
import type { Severity } from '../app/types';

/** An in-app link (history navigation; a modified click opens a new tab as usual). */
export function Link({ to, children, className, label }: { to: string; children: ReactNode; className?: string; label?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} className={className} aria-label={label}>{children}</a>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className="sev" style={{ borderColor: SEVERITY_COLOR[severity], color: SEVERITY_COLOR[severity] }}>{severity}</span>;
}

export function EntityLink({ type, id }: { type: string; id: string }) {
  return <Link to={entityPath(type, id)} className="entity" label={`${type} ${id}`}><span className="etype">{type}</span>{id}</Link>;
}

export function Panel({ title, children, actions, className }: { title: string; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      <header><h2>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted" role="status">Loading {what}…</p>;
}

export function ErrorLine({ error }: { error: unknown }) {
  return <p className="error" role="alert">{error instanceof Error ? error.message : String(error)}</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}
