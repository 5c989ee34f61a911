import type { ComponentChildren } from 'preact';
import { ApiError } from './api';

/** An error message that screen readers announce at once. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);
  return (
    <p class="message error" role="alert">
      {text}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="message notice" role="status">
      {children}
    </p>
  );
}

export function describeError(error: unknown): string {
  return error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);
}
