import { poolingKind, type PoolingLayer } from './pooling';

export type AvgPool2DLayer = PoolingLayer<'avgPool2d'>;

export const avgPool2dKind = poolingKind('avgPool2d', 'AvgPool2D', 'average');
