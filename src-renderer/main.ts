import { mount } from 'svelte';
import { z } from 'zod';
import App from './App.svelte';
import { chooseHost } from './host/choose-host';
import { EditorState } from './state/editor.svelte';
import { TrainingState } from './state/training.svelte';
import './global.css';

// Zod probes `new Function` for speed, which the page's CSP forbids; say so up front instead of logging a violation.
z.config({ jitless: true });

const host = chooseHost();
const editor = new EditorState();
const training = new TrainingState(host, editor);
editor.onTrainingSettings = (s) => training.adopt(s);

mount(App, { target: document.getElementById('app')!, props: { host, editor, training } });
