/** The drag-and-drop data type that carries a layer kind from the palette to the canvas. */
export const KIND_MIME = 'application/x-densely-kind';
