/**
 * The PyTorch export: `build_model()` returning an nn.Module whose forward takes and gives Densely's channels-last
 * shapes. PyTorch's convolutions, pools and 2D batch norm want channels first, so the forward permutes to NCHW before
 * them and back before anything that reads the values in order (Flatten, Reshape, Dense, the output), so a flattened
 * vector holds its values in Densely's height, width, channel order and a trained Keras model's weights would fit.
 * 'same' padding is TensorFlow's (any extra row or column at the bottom and right), written out where PyTorch's
 * symmetric padding can't say it. Then a training loop for the saved settings, with Densely's losses.
 */
import { formatCount } from '../format';
import type { Activation } from '../layers/activations';
import { windowOutput } from '../layers/spatial';
import type { Optimizer, Loss } from '../training/settings';
import { BATCH_NORM, describeNetwork, isClassification, MOMENTUM } from './common';
import { commentText, numberLiteral, pythonTuple } from './literals';
import type { ExportPlan, PlannedLayer } from './plan';
import { pythonLoadData, pythonSettings } from './python-data';

/** Where PyTorch's sum(p.numel()) parts from Densely's count for one layer, and why. */
export interface CountDifference {
  readonly ident: string;
  /** PyTorch's count minus Densely's. */
  readonly difference: number;
  readonly why: string;
}

/** Each layer whose PyTorch parameter count differs from Densely's (Keras's), with the difference. */
export function pytorchCountDifferences(plan: ExportPlan): CountDifference[] {
  const out: CountDifference[] = [];
  for (const p of plan.layers) {
    const l = p.layer;
    if ((l.kind === 'simpleRnn' || l.kind === 'lstm') && p.useBias) {
      const gates = l.kind === 'lstm' ? 4 : 1;
      const name = l.kind === 'lstm' ? 'LSTM' : 'RNN';
      out.push({
        ident: p.ident,
        difference: gates * l.units,
        why: `PyTorch's ${name} has two bias vectors (bias_ih and bias_hh) where Keras has one, so it counts ${gates > 1 ? `${gates} x ${l.units} = ` : ''}${formatCount(gates * l.units)} more`,
      });
    }
    if (l.kind === 'batchNorm') {
      const c = p.output.at(-1)!;
      out.push({
        ident: p.ident,
        difference: -2 * c,
        why: `the moving mean and variance are buffers in PyTorch (running_mean, running_var), not parameters, so it counts 2 x ${c} = ${formatCount(2 * c)} fewer`,
      });
    }
  }
  return out;
}

const EPSILON = '1e-7';

function act(a: Activation, expr: string, channelsFirst: boolean): string {
  switch (a) {
    case 'linear':
      return expr;
    case 'relu':
      return `torch.relu(${expr})`;
    case 'leakyRelu':
      return `F.leaky_relu(${expr}, 0.2)`;
    case 'elu':
      return `F.elu(${expr})`;
    case 'gelu':
      return `F.gelu(${expr})`;
    case 'sigmoid':
      return `torch.sigmoid(${expr})`;
    case 'tanh':
      return `torch.tanh(${expr})`;
    case 'softmax':
      // Keras's softmax runs over the last axis: the channels, which are axis 1 while the tensor is channels first.
      return `torch.softmax(${expr}, dim=${channelsFirst ? 1 : -1})`;
  }
}

/** TensorFlow's padding for one axis: the total split with the odd one at the end. */
function samePadding(n: number, k: number, s: number): [number, number] {
  const out = windowOutput(n, k, s, 'same');
  const total = Math.max((out - 1) * s + k - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

interface Padding {
  /** Symmetric padding PyTorch's layers take, (top, left). */
  readonly symmetric: [number, number] | null;
  /** F.pad's (left, right, top, bottom), when the two sides differ. */
  readonly explicit: [number, number, number, number] | null;
}

function padding(p: PlannedLayer, window: readonly number[], strides: readonly number[], mode: 'valid' | 'same'): Padding {
  if (mode === 'valid') return { symmetric: [0, 0], explicit: null };
  const [h, w] = p.input as [number, number, number];
  const [top, bottom] = samePadding(h, window[0]!, strides[0]!);
  const [left, right] = samePadding(w, window[1]!, strides[1]!);
  if (top === bottom && left === right) return { symmetric: [top, left], explicit: null };
  return { symmetric: null, explicit: [left, right, top, bottom] };
}

function optimizer(o: Optimizer): string {
  const params = 'model.parameters(), lr=LEARNING_RATE';
  switch (o) {
    case 'sgd':
      return `torch.optim.SGD(${params})`;
    case 'momentum':
      return `torch.optim.SGD(${params}, momentum=${MOMENTUM})`;
    case 'rmsprop':
      return `torch.optim.RMSprop(${params}, alpha=0.9)  # alpha is Keras's rho`;
    case 'adagrad':
      return `torch.optim.Adagrad(${params})`;
    case 'adam':
      return `torch.optim.Adam(${params})`;
  }
}

/** Densely's losses, on the network's outputs as they are (probabilities after sigmoid or softmax), clipped as Keras clips. */
const LOSS_BODY: Readonly<Record<Loss, string[]>> = {
  mse: ['return F.mse_loss(output, target)'],
  mae: ['return F.l1_loss(output, target)'],
  bce: [`p = output.clamp(${EPSILON}, 1 - ${EPSILON})`, 'return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()'],
  cce: [`return -(target * torch.log(output.clamp(${EPSILON}, 1))).sum(-1).mean()`],
  kld: [`return (target * torch.log(target.clamp(${EPSILON}, 1) / output.clamp(${EPSILON}, 1))).sum(-1).mean()`],
};

export function pytorchSource(plan: ExportPlan): string {
  const s = plan.settings;
  const classification = isClassification(s.loss);
  const init: string[] = [];
  const forward: string[] = [];
  let channelsFirst = false;
  const toFirst = () => {
    if (channelsFirst) return;
    forward.push('x = x.permute(0, 3, 1, 2)  # to channels first, as PyTorch convolves and pools');
    channelsFirst = true;
  };
  const toLast = () => {
    if (!channelsFirst) return;
    forward.push("x = x.permute(0, 2, 3, 1)  # back to channels last, so the values keep Densely's order");
    channelsFirst = false;
  };
  const bias = (p: PlannedLayer) => `bias=${p.useBias ? 'True' : 'False'}`;

  for (const p of plan.layers) {
    const l = p.layer;
    const self = `self.${p.ident}`;
    const note = `# ${commentText(p.label)}`;
    switch (l.kind) {
      case 'input':
        forward.push(`${note}: x is (batch, ${p.output.join(', ')})`);
        break;
      case 'dense':
        init.push(`${self} = nn.Linear(${p.input![0]}, ${l.units}, ${bias(p)})  ${note}`);
        forward.push(`x = ${act(l.activation, `${self}(x)`, false)}`);
        break;
      case 'activation':
        forward.push(`x = ${act(l.activation, 'x', channelsFirst)}  ${note}`);
        break;
      case 'dropout':
        init.push(`${self} = nn.Dropout(${numberLiteral(l.rate)})  ${note}`);
        forward.push(`x = ${self}(x)`);
        break;
      case 'flatten':
        toLast();
        forward.push(`x = torch.flatten(x, 1)  ${note}`);
        break;
      case 'conv2d': {
        toFirst();
        const pad = padding(p, l.kernelSize, l.strides, l.padding);
        const padArg = pad.symmetric ? `padding=${pythonTuple(pad.symmetric)}` : 'padding=0';
        init.push(`${self} = nn.Conv2d(${p.input![2]}, ${l.filters}, kernel_size=${pythonTuple(l.kernelSize)}, stride=${pythonTuple(l.strides)}, ${padArg}, ${bias(p)})  ${note}`);
        if (pad.explicit) forward.push(`x = F.pad(x, ${pythonTuple(pad.explicit)})  # TensorFlow's 'same': the odd row or column at the bottom or right`);
        forward.push(`x = ${act(l.activation, `${self}(x)`, true)}`);
        break;
      }
      case 'maxPool2d': {
        toFirst();
        const pad = padding(p, l.poolSize, l.strides, l.padding);
        const padArg = pad.symmetric ? `, padding=${pythonTuple(pad.symmetric)}` : '';
        init.push(`${self} = nn.MaxPool2d(kernel_size=${pythonTuple(l.poolSize)}, stride=${pythonTuple(l.strides)}${padArg})  ${note}`);
        if (pad.explicit) forward.push(`x = F.pad(x, ${pythonTuple(pad.explicit)}, value=float("-inf"))  # TensorFlow's 'same' never takes the padding as a maximum`);
        forward.push(`x = ${self}(x)`);
        break;
      }
      case 'avgPool2d': {
        toFirst();
        const pad = padding(p, l.poolSize, l.strides, l.padding);
        if (pad.symmetric) {
          init.push(`${self} = nn.AvgPool2d(kernel_size=${pythonTuple(l.poolSize)}, stride=${pythonTuple(l.strides)}, padding=${pythonTuple(pad.symmetric)}, count_include_pad=False)  ${note}`);
          forward.push(`x = ${self}(x)`);
        } else {
          const args = `${pythonTuple(l.poolSize)}, ${pythonTuple(l.strides)}`;
          const padding4 = pythonTuple(pad.explicit!);
          forward.push(`# ${commentText(p.label)}: TensorFlow's 'same' averages only the values inside the image`);
          forward.push(`x = F.avg_pool2d(F.pad(x, ${padding4}), ${args}) / F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), ${padding4}), ${args})`);
        }
        break;
      }
      case 'globalAvgPool2d':
        forward.push(`x = x.mean(dim=${channelsFirst ? '(2, 3)' : '(1, 2)'})  ${note}`);
        channelsFirst = false;
        break;
      case 'batchNorm': {
        const rank = p.input!.length;
        const c = p.output.at(-1)!;
        const args = `${c}, eps=${numberLiteral(BATCH_NORM.epsilon)}, momentum=${numberLiteral(Math.round((1 - BATCH_NORM.momentum) * 1e6) / 1e6)}`;
        if (rank === 3) {
          toFirst();
          init.push(`${self} = nn.BatchNorm2d(${args})  ${note}; PyTorch's momentum is 1 - Keras's`);
          forward.push(`x = ${self}(x)`);
        } else {
          init.push(`${self} = nn.BatchNorm1d(${args})  ${note}; PyTorch's momentum is 1 - Keras's`);
          forward.push(rank === 1 ? `x = ${self}(x)` : `x = ${self}(x.transpose(1, 2)).transpose(1, 2)  # BatchNorm1d wants (batch, features, steps)`);
        }
        break;
      }
      case 'reshape':
        toLast();
        forward.push(`x = x.reshape(x.shape[0], ${l.targetShape.join(', ')})  ${note}`);
        break;
      case 'simpleRnn':
      case 'lstm':
      case 'gru': {
        const cls = l.kind === 'simpleRnn' ? 'RNN' : l.kind === 'lstm' ? 'LSTM' : 'GRU';
        init.push(`${self} = nn.${cls}(${p.input![1]}, ${l.units}, batch_first=True, ${bias(p)})  ${note}`);
        forward.push(`x, _ = ${self}(x)`);
        if (!l.returnSequences) forward.push('x = x[:, -1]  # the last step\'s state');
        break;
      }
      default: {
        // A kind added to the registry without a case here fails to compile, rather than vanish from the export.
        const unknown: never = l;
        throw new Error(`No PyTorch export for ${(unknown as { kind: string }).kind}.`);
      }
    }
  }
  toLast();

  const differences = pytorchCountDifferences(plan);
  const torchTotal = plan.totals.params + differences.reduce((n, d) => n + d.difference, 0);
  const countLines =
    differences.length === 0
      ? [`# sum(p.numel() for p in model.parameters()) gives ${formatCount(torchTotal)}, the same.`]
      : [
          `# sum(p.numel() for p in model.parameters()) gives ${formatCount(torchTotal)}, not ${formatCount(plan.totals.params)}, because PyTorch counts differently:`,
          ...differences.map((d) => `#   ${d.ident}: ${d.why} (${d.difference > 0 ? '+' : '-'}${formatCount(Math.abs(d.difference))}).`),
        ];

  const accuracy = classification
    ? [
        'def accuracy(output, target):',
        '    if output.shape[-1] > 1:',
        '        return (output.argmax(-1) == target.argmax(-1)).float().mean()',
        '    return ((output > 0.5) == (target > 0.5)).float().mean()',
        '',
        '',
      ]
    : [];

  const lines = [
    ...describeNetwork(plan, '#', 'PyTorch code'),
    ...countLines,
    '#',
    '# Run it as it is: python3 THIS_FILE.py (needs torch and numpy).',
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    'from torch.utils.data import DataLoader, TensorDataset',
    '',
    ...pythonSettings(plan, [`SHUFFLE = ${s.shuffle ? 'True' : 'False'}`]),
    '',
    '',
    'class Network(nn.Module):',
    '    """Takes and gives Densely\'s shapes: (batch, ...) with channels last."""',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...init.map((line) => `        ${line}`),
    '',
    '    def forward(self, x):',
    ...forward.map((line) => `        ${line}`),
    '        return x',
    '',
    '',
    'def build_model():',
    '    return Network()',
    '',
    '',
    'def loss_fn(output, target):',
    `    """${commentText(s.loss === 'kld' ? 'KL divergence' : s.loss === 'bce' ? 'Binary cross entropy' : s.loss === 'cce' ? 'Categorical cross entropy' : s.loss === 'mse' ? 'Mean squared error' : 'Mean absolute error')} of the outputs as they are, as Densely and Keras compute it."""`,
    ...LOSS_BODY[s.loss].map((line) => `    ${line}`),
    '',
    '',
    ...accuracy,
    ...pythonLoadData(s.dataset, 'pytorch', classification),
    '',
    '',
    'def train(model, x, y, epochs=EPOCHS):',
    '    """Holds out VALIDATION_SPLIT of the samples, then trains on the rest and reports each epoch as Densely does."""',
    '    x = torch.as_tensor(x, dtype=torch.float32)',
    '    y = torch.as_tensor(y, dtype=torch.float32)',
    '    order = torch.randperm(len(x))',
    '    held = int(len(x) * VALIDATION_SPLIT)',
    '    val, fit = order[:held], order[held:]',
    '    loader = DataLoader(TensorDataset(x[fit], y[fit]), batch_size=BATCH_SIZE, shuffle=SHUFFLE)',
    `    optimizer = ${optimizer(s.optimizer)}`,
    '    for epoch in range(epochs):',
    '        model.train()',
    '        total, correct, seen = 0.0, 0.0, 0',
    '        for xb, yb in loader:',
    '            optimizer.zero_grad()',
    '            output = model(xb)',
    '            loss = loss_fn(output, yb)',
    '            loss.backward()',
    '            optimizer.step()',
    '            total += loss.item() * len(xb)',
    ...(classification ? ['            correct += accuracy(output, yb).item() * len(xb)'] : []),
    '            seen += len(xb)',
    `        line = f"epoch {epoch + 1}/{epochs}: loss {total / seen:.4f}${classification ? ', accuracy {correct / seen:.4f}' : ''}"`,
    '        if held > 0:',
    '            model.eval()',
    '            with torch.no_grad():',
    '                output = model(x[val])',
    `                line += f", val_loss {loss_fn(output, y[val]).item():.4f}${classification ? ', val_accuracy {accuracy(output, y[val]).item():.4f}' : ''}"`,
    '        print(line)',
    '    return model',
    '',
    '',
    'if __name__ == "__main__":',
    '    torch.manual_seed(SEED)',
    '    model = build_model()',
    '    print(model)',
    '    x, labels = load_data()',
    '    train(model, x, targets(labels))',
    '',
  ];
  return lines.join('\n');
}
