export {
  loadTransformersEmbedder,
  transformersEmbedderId,
  TRANSFORMERS_EMBEDDER_VERSION,
  type LoadOptions,
} from './transformers-embedder.js';
export { pullModel, type PullOptions } from './pull.js';
export {
  checkModelFiles,
  modelPresence,
  readManifest,
  MANIFEST_FILE,
  ONNX_FILES,
  REQUIRED_JSON_FILES,
  type CheckedModelFiles,
  type Manifest,
  type ModelFile,
} from './model-files.js';
export { checkOnnxStructure, OnnxStructureError, type OnnxSummary } from './onnx-structure.js';
export { parseModelSource, hubModelFolder, displayName, type ModelSource } from './model-source.js';
export {
  MINILM_MODEL_ID,
  MODEL_ALIASES,
  EMBEDDER_DIR_ENV,
  OFFLINE_ENV,
  defaultEmbedderDir,
  embedderDir,
  offlineByEnv,
  remoteHost,
} from './locations.js';
