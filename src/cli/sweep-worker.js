// Worker threads do not inherit the main thread's tsx hooks: this entry loads the TypeScript worker through tsx.
import { tsImport } from 'tsx/esm/api';

const { default: runSeed } = await tsImport('./sweep-worker.ts', import.meta.url);
export default runSeed;
