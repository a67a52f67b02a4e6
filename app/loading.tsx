import { LoadingState } from '@/components/loading-state';

export default function Loading() {
  return (
    <div className="rounded-[4px] border border-line bg-white shadow-card">
      <LoadingState />
    </div>
  );
}
