/** Shown while an event stream is down: the page polls meanwhile, so nothing is missed. */
export function LivePausedNote({ className = "" }: { className?: string }) {
  return (
    <p role="status" data-testid="live-paused" className={`flex items-center gap-2 text-sm text-amber-900 ${className}`}>
      <span aria-hidden className="h-2 w-2 shrink-0 animate-pulse rounded-full bg-amber-500" />
      Live updates paused — reconnecting
    </p>
  );
}
