import { notFound } from 'next/navigation';

// Unknown pages below a project keep the project's navigation around the 404.
export default function UnknownProjectPage(): never {
  notFound();
}
