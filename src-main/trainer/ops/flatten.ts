/** Flatten: a channels-last sample is already its flat vector in the feature-major layout. */
import type { FlattenLayer } from '../../../src-shared/layers/registry';
import { identityOp, type OpBuilder } from './op';

export const flattenOp: OpBuilder<FlattenLayer> = (layer, _input, output) => identityOp(layer, output);
