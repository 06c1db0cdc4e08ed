import { NotBuilt } from '../NotBuilt';

export function CallsScreen() {
  return <NotBuilt title="Calls" icon="calls" what="The calls list is being built." />;
}
