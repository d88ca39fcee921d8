// Package domrender has the rendering engine that takes virtual DOM from components and synchronizes it with the browser's DOM.
package domrender
