import { NotBuilt } from '../NotBuilt';

export function PipelineScreen() {
  return <NotBuilt title="Pipeline" icon="pipeline" what="The pipeline board is being built." />;
}
