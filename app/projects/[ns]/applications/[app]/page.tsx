import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ApplicationDetail } from '@/components/application-detail';

export async function generateMetadata({ params }: { params: Promise<{ app: string }> }): Promise<Metadata> {
  const { app } = await params;
  return { title: `${decodeURIComponent(app)} · Applications` };
}

export default async function ApplicationPage({ params }: { params: Promise<{ ns: string; app: string }> }) {
  const { ns, app } = await params;
  await connection(); // the ingress address is read per request, never baked into the build
  const ingress = process.env.GRAYLANE_INGRESS_URL?.trim().replace(/\/+$/, '') || null;
  return <ApplicationDetail ns={ns} app={decodeURIComponent(app)} ingressUrl={ingress} />;
}
