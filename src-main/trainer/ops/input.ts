/** Input: rows arrive flat; an image's or a sequence's shape only matters to what follows, which reads `outputShape`. */
import type { InputLayer } from '../../../src-shared/layers/registry';
import { identityOp, type OpBuilder } from './op';

export const inputOp: OpBuilder<InputLayer> = (layer, _input, output) => identityOp(layer, output);
