/**
 * Stands in for a dialog whose code is still loading (the `loading` of a `next/dynamic` dialog):
 * the same backdrop as ModalDialog, so the dialog appears over it without a flash, announced to
 * screen readers. It takes no focus: the button that opened it keeps the focus until the dialog
 * moves it in, and gets it back when the dialog closes.
 */
export function DialogLoading({ label = 'Opening…' }: { label?: string }) {
  return (
    <div className="fixed inset-0 z-40 bg-ink/50" role="status" aria-live="polite" data-testid="dialog-loading">
      <span className="sr-only">{label}</span>
    </div>
  );
}
