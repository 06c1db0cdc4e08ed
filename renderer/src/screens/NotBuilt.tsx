import { Icon, type IconName } from '../components/Icon';

/** Screens whose issue has not landed yet say so plainly instead of pretending. */
export function NotBuilt({ title, icon, what }: { title: string; icon: IconName; what: string }) {
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <Icon name={icon} size={28} />
        <h2>{title} is not built yet</h2>
        <p>{what}</p>
      </div>
    </section>
  );
}
