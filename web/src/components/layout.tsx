/** The frame of every signed-in page: skip link, header with who is signed in, navigation, main. */
import { type ReactNode, useEffect, useRef } from 'react';
import { Link } from '../router';
import { useSession } from '../session';

export const PAGES = [
  { path: '/', label: 'Overview' },
  { path: '/customers', label: 'Customer 360' },
  { path: '/decisions', label: 'Decisions' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/front-door', label: 'Front door' },
  { path: '/promises', label: 'Promises' },
] as const;

function activePage(path: string): string {
  const page = [...PAGES].reverse().find((p) => (p.path === '/' ? path === '/' : path === p.path || path.startsWith(`${p.path}/`)));
  return page?.path ?? '';
}

export function Layout({ path, title, children }: { path: string; title: string; children: ReactNode }) {
  const { session, signOut } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const active = activePage(path);
  useEffect(() => {
    document.title = `${title} · Tutti`;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <p className="brand">
          <span aria-hidden="true" className="brand-mark">
            T
          </span>
          Tutti
        </p>
        <p className="who" data-testid="who">
          {session.name ? <span>{session.name}</span> : <span>Signed in</span>}
          <span className="role" data-testid="role">
            role: <strong>{session.role ?? 'not reported'}</strong>
          </span>
        </p>
        <button type="button" className="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main" className="main-nav">
        <ul>
          {PAGES.map((p) => (
            <li key={p.path}>
              <Link to={p.path} aria-current={p.path === active ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
