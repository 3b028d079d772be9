/** Reshape: same values in the same row-major order, so nothing moves in the feature-major layout. */
import { identityOp, type OpBuilder } from './op';
import type { ReshapeLayer } from '../../../src-shared/layers/reshape';

export const reshapeOp: OpBuilder<ReshapeLayer> = (layer, _input, output) => identityOp(layer, output);
