// The one detector every path uses: live, replay, demo and benchmarks.
export { createDeviceCore } from '../detect/index.ts';
