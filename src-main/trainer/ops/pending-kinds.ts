// Temporary: the new kinds' layer types until src-shared/layers has them.
import type { Activation } from '../../../src-shared/layers/activations';
export interface Conv2DLayer { readonly kind: 'conv2d'; readonly id: string; readonly name?: string; readonly filters: number; readonly kernelSize: readonly [number, number] | readonly number[]; readonly strides: readonly number[]; readonly padding: 'valid' | 'same'; readonly activation: Activation; readonly useBias: boolean }
export interface Pool2DLayer { readonly kind: 'maxPool2d' | 'avgPool2d'; readonly id: string; readonly name?: string; readonly poolSize: readonly number[]; readonly strides: readonly number[]; readonly padding: 'valid' | 'same' }
export type MaxPool2DLayer = Pool2DLayer & { readonly kind: 'maxPool2d' };
export type AvgPool2DLayer = Pool2DLayer & { readonly kind: 'avgPool2d' };
export interface GlobalAvgPool2DLayer { readonly kind: 'globalAvgPool2d'; readonly id: string; readonly name?: string }
export interface BatchNormLayer { readonly kind: 'batchNorm'; readonly id: string; readonly name?: string }
export interface RecurrentLayer { readonly kind: 'simpleRnn' | 'lstm' | 'gru'; readonly id: string; readonly name?: string; readonly units: number; readonly returnSequences: boolean }
export type SimpleRnnLayer = RecurrentLayer & { readonly kind: 'simpleRnn' };
export type LstmLayer = RecurrentLayer & { readonly kind: 'lstm' };
export interface ReshapeLayer { readonly kind: 'reshape'; readonly id: string; readonly name?: string; readonly targetShape: readonly number[] }
