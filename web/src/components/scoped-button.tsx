import { useId, type ButtonHTMLAttributes } from 'react';
import { useSession } from '../app/session';
import type { Scope } from '../api/types';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The scope the action needs; without it the button is disabled and says so. */
  readonly scope: Scope;
  /** Another reason to disable it, said in words beside it. */
  readonly blockedBecause?: string | null;
}

/** A native button that names the scope it is missing instead of silently greying out. */
export function ScopedButton({ scope, blockedBecause, children, ...rest }: Props) {
  const { can, me } = useSession();
  const id = useId();
  // Until /me answers, nothing is known to be missing: disabled, without a reason yet.
  const reason = !me ? null : !can(scope) ? `needs ${scope}` : (blockedBecause ?? null);
  return (
    <span className="scoped">
      <button
        type="button"
        {...rest}
        disabled={!me || reason !== null || rest.disabled}
        aria-describedby={reason ? id : undefined}
      >
        {children}
      </button>
      {reason && (
        <span id={id} className="why">
          {reason}
        </span>
      )}
    </span>
  );
}
