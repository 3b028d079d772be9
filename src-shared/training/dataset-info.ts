/** What the renderer and CLI know of a dataset, without its rows. */
import { z } from 'zod';

export const datasetInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  task: z.enum(['classification', 'regression']),
  /** Shape of one sample's features, e.g. [2] or [28, 28]. */
  featureShape: z.array(z.number().int().positive()),
  /** Classes for classification (2 for binary), 1 for regression. */
  classes: z.number().int().positive(),
  classNames: z.array(z.string()).optional(),
  samples: z.number().int().nonnegative(),
  /** True when samples are images that can be shown in a gallery. */
  image: z.boolean(),
  source: z.enum(['generated', 'builtin', 'imported']),
  /** A sentence on how an import read the data where it could have gone either way (1,000 whole-number labels taken as regression). */
  note: z.string().max(400).optional(),
});
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;
