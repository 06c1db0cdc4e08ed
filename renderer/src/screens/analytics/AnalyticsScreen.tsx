import { NotBuilt } from '../NotBuilt';

export function AnalyticsScreen() {
  return <NotBuilt title="Analytics" icon="analytics" what="The dashboard is being built." />;
}
