import { poolingKind, type PoolingLayer } from './pooling';

export type MaxPool2DLayer = PoolingLayer<'maxPool2d'>;

export const maxPool2dKind = poolingKind('maxPool2d', 'MaxPool2D', 'max');
