import './zod-setup';
import { mount } from 'svelte';
import App from './App.svelte';
import { chooseHost } from './host/choose-host';
import { DocumentFile } from './state/document-file.svelte';
import { EditorState } from './state/editor.svelte';
import { TrainingState } from './state/training.svelte';
import './global.css';

const host = chooseHost();
const editor = new EditorState();
const training = new TrainingState(host, editor);
editor.onTrainingSettings = (s) => training.adopt(s);
const project = new DocumentFile(host, editor, () => training.settings);

mount(App, { target: document.getElementById('app')!, props: { host, editor, training, project } });
