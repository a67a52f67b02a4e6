import type { Metadata } from 'next';
import { ReleaseDetail } from '@/components/release-detail';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · Grayscale Release` };
}

export default async function ReleaseJobPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return <ReleaseDetail ns={ns} name={decodeURIComponent(name)} />;
}
