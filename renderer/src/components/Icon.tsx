// A small inline icon set (stroke icons on a 16px grid), so the app needs no icon font or CDN.
const PATHS: Record<string, string> = {
  leads: 'M3 4h10M3 8h10M3 12h6',
  calls: 'M4 2.5h2l1 3-1.5 1a7 7 0 0 0 4 4l1-1.5 3 1v2a1.5 1.5 0 0 1-1.5 1.5A10.5 10.5 0 0 1 2.5 4 1.5 1.5 0 0 1 4 2.5z',
  pipeline: 'M2.5 3h3v10h-3zM6.5 3h3v7h-3zM10.5 3h3v4h-3z',
  appointments: 'M3 4h10v9H3zM3 7h10M6 2.5v3M10 2.5v3',
  analytics: 'M3 13V8M6.5 13V4M10 13v-3M13.5 13V6',
  import: 'M8 2.5v8M5 7.5l3 3 3-3M3 13.5h10',
  sync: 'M13 6.5A5 5 0 0 0 4 5M3 9.5A5 5 0 0 0 12 11M4 2.5V5h2.5M12 13.5V11H9.5',
  settings: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  search: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM10.5 10.5l3 3',
  plus: 'M8 3v10M3 8h10',
  close: 'M4 4l8 8M12 4l-8 8',
  chevron: 'M4 6l4 4 4-4',
  columns: 'M2.5 3h11v10h-11zM6.2 3v10M9.8 3v10',
  sun: 'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3 5.5 5.5 0 1 0 13 9.5z',
  keyboard: 'M2 4h12v8H2zM4.5 6.5h1M7.5 6.5h1M10.5 6.5h1M5 9.5h6',
  user: 'M8 8a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM3 13.5a5 5 0 0 1 10 0',
  filter: 'M2.5 3.5h11l-4.2 5v4l-2.6 1v-5z',
  download: 'M8 2.5v8M5 7.5l3 3 3-3M3 13.5h10',
  alert: 'M8 2l6 11H2zM8 6.5v3M8 11.5v.5',
  check: 'M3.5 8.5l3 3 6-7',
  cloudOff: 'M4.5 12.5h7a2.5 2.5 0 0 0 .5-4.95A4 4 0 0 0 5 6a3 3 0 0 0-.5 6.5zM2 2l12 12',
  dot: 'M8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className}>
      <path d={PATHS[name]} />
    </svg>
  );
}
