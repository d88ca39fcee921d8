package vugu

import (
	"fmt"
	"strings"

	"github.com/vugu/vugu/js"
)

// VGNodeType is one of the valid node types (error, text, document, element, comment, doctype).
// Note that only text, element and comment are currently used.
type VGNodeType uint32

// Available VGNodeTypes.
const (
	ErrorNode    = VGNodeType(0 /*html.ErrorNode*/)
	TextNode     = VGNodeType(1 /*html.TextNode*/)
	DocumentNode = VGNodeType(2 /*html.DocumentNode*/)
	ElementNode  = VGNodeType(3 /*html.ElementNode*/)
	CommentNode  = VGNodeType(4 /*html.CommentNode*/)
	DoctypeNode  = VGNodeType(5 /*html.DoctypeNode*/)
)

// VGAtom is an integer corresponding to golang.org/x/net/html/atom.Atom.
// Note that this may be removed for simplicity and to remove the dependency
// on the package above.  Suggest you don't use it.
// type VGAtom uint32

// VGAttribute is the attribute on an HTML tag.
type VGAttribute struct {
	_                   [0]func() // raftlab: not comparable, so no equality function is generated for each [N]VGAttribute a slice literal allocates
	Namespace, Key, Val string
}

// VGProperty is a JS property to be set on a DOM element.
type VGProperty struct {
	Key     string
	JSONVal []byte // value as JSON expression
}

// VGNode represents a node from our virtual DOM with the dynamic parts wired up into functions.
//
// For the static parts, an instance of VGNode corresponds directly to the DOM representation of
// an HTML node.  The pointers to other VGNode instances (Parent, FirstChild, etc.) are used to manage the tree.
// Type, Data, Namespace and Attr have the usual meanings for nodes.
//
// The Component field, if not-nil indicates that rendering should be delegated to the specified component,
// all other fields are ignored.
//
// Another special case is when Type is ElementNode and Data is an empty string (and Component is nil) then this node is a "template"
// (i.e. <vg-template>) and its children will be "flattened" into the DOM in position of this element
// and attributes, events, etc. ignored.
//
// Prop contains JavaScript property values to be assigned during render. InnerHTML provides alternate
// HTML content instead of children.  DOMEventHandlerSpecList specifies DOM handlers to register.
// And the JS...Handler fields are used to register callbacks to obtain information at JS render-time.
//
// TODO: This and its related parts should probably move into a sub-package (vgnode?) and
// the "VG" prefixes removed.
type VGNode struct {
	Parent, FirstChild, LastChild, PrevSibling, NextSibling *VGNode

	Type VGNodeType
	// DataAtom  VGAtom // this needed to come out, we're not using it and without well-defined behavior it just becomes confusing and problematic
	Data      string
	Namespace string
	Attr      []VGAttribute

	// JS properties to e set during render
	Prop []VGProperty

	// Props Props // dynamic attributes, used as input for components or converted to attributes for regular HTML elements

	InnerHTML *string // indicates that children should be ignored and this raw HTML is the children of this tag; nil means not set, empty string means explicitly set to empty string

	DOMEventHandlerSpecList []DOMEventHandlerSpec // describes invocations when DOM events happen

	// indicates this node's output should be delegated to the specified component
	Component interface{}

	// if not-nil, called when element is created (but before examining child nodes)
	JSCreateHandler JSValueHandler
	// if not-nil, called after children have been visited
	JSPopulateHandler JSValueHandler
}

// IsComponent returns true if this is a component (Component != nil).
// Components have rendering delegated to them instead of processing this node.
func (n *VGNode) IsComponent() bool {
	return n.Component != nil
}

// IsTemplate returns true if this is a template (Type is ElementNode and Data is an empty string and not a Component).
// Templates have their children flattened into the output DOM instead of being processed directly.
func (n *VGNode) IsTemplate() bool {
	if n.Type == ElementNode && n.Data == "" && n.Component == nil {
		return true
	}
	return false
}

// InsertBefore inserts newChild as a child of n, immediately before oldChild
// in the sequence of n's children. oldChild may be nil, in which case newChild
// is appended to the end of n's children.
//
// It will panic if newChild already has a parent or siblings.
func (n *VGNode) InsertBefore(newChild, oldChild *VGNode) {
	if newChild.Parent != nil || newChild.PrevSibling != nil || newChild.NextSibling != nil {
		panic("html: InsertBefore called for an attached child Node")
	}
	var prev, next *VGNode
	if oldChild != nil {
		prev, next = oldChild.PrevSibling, oldChild
	} else {
		prev = n.LastChild
	}
	if prev != nil {
		prev.NextSibling = newChild
	} else {
		n.FirstChild = newChild
	}
	if next != nil {
		next.PrevSibling = newChild
	} else {
		n.LastChild = newChild
	}
	newChild.Parent = n
	newChild.PrevSibling = prev
	newChild.NextSibling = next
}

// AppendChild adds a node c as a child of n.
//
// It will panic if c already has a parent or siblings.
func (n *VGNode) AppendChild(c *VGNode) {
	if c.Parent != nil || c.PrevSibling != nil || c.NextSibling != nil {
		panic("html: AppendChild called for an attached child Node")
	}
	last := n.LastChild
	if last != nil {
		last.NextSibling = c
	} else {
		n.FirstChild = c
	}
	n.LastChild = c
	c.Parent = n
	c.PrevSibling = last
}

// AppendElement appends a new element child with namespace ns, tag data
// and the static attributes attrs, each key and value followed by a NUL
// ("" for none), and returns it: the same node and attribute slice (its
// length its capacity) as the node literal the generator used to write
// inline. (raftlab: one call per template element instead of that code in
// every Build, gen/parser-go.go pOutputTag; README.raftlab.md.)
//
// A data of "text\x00tag" appends a text node with text first, then the
// element tag (raftlab: one call for a text node between elements and the
// element after it; gen/parser-go.go foldText).
func (n *VGNode) AppendElement(ns, data, attrs string) *VGNode {
	if i := strings.IndexByte(data, 0); i >= 0 {
		n.AppendText(data[:i])
		data = data[i+1:]
	}
	c := newElement(ns, data, attrs)
	n.AppendChild(c)
	return c
}

// AppendElementHTML is AppendElement followed by SetInnerHTML(html) on the
// new element (raftlab: one call where the generator wrote two, for an
// element whose content is its first dynamic part; gen/parser-go.go
// nodeCall).
func (n *VGNode) AppendElementHTML(ns, data, attrs string, html any) *VGNode {
	c := n.AppendElement(ns, data, attrs)
	c.SetInnerHTML(html)
	return c
}

// newElement is an element node with namespace ns, tag data and the static
// attributes attrs as AppendElement takes them.
func newElement(ns, data, attrs string) *VGNode {
	c := &VGNode{Type: ElementNode, Namespace: ns, Data: data}
	if attrs != "" {
		c.Attr = make([]VGAttribute, 0, strings.Count(attrs, "\x00")/2)
		for attrs != "" {
			k := strings.IndexByte(attrs, 0)
			key, rest := attrs[:k], attrs[k+1:]
			v := strings.IndexByte(rest, 0)
			c.Attr = append(c.Attr, VGAttribute{Key: key, Val: rest[:v]})
			attrs = rest[v+1:]
		}
	}
	return c
}

// AppendText appends a new text child and returns it (raftlab: for the
// generator, as AppendElement).
func (n *VGNode) AppendText(data string) *VGNode {
	c := &VGNode{Type: TextNode, Data: data}
	n.AppendChild(c)
	return c
}

// OnDOMEvent adds f as n's handler for DOM events of type typ (raftlab:
// what the generator wrote inline for each @event, an append to
// DOMEventHandlerSpecList, as one call).
func (n *VGNode) OnDOMEvent(typ string, f func(DOMEvent)) {
	n.DOMEventHandlerSpecList = append(n.DOMEventHandlerSpecList, DOMEventHandlerSpec{EventType: typ, Func: f})
}

// DOMEventHandler is a component whose template's @event handlers outside
// any vg-for are one method, VGDOMEvent, which runs handler i (raftlab:
// vugugen writes it; gen/parser-go.go).
type DOMEventHandler interface {
	VGDOMEvent(i int, event DOMEvent)
}

// OnDOMEventAt adds h's handler i as n's handler for DOM events of type typ
// (raftlab: one closure type here, where the generator wrote a closure,
// each its own function, for every handler).
func (n *VGNode) OnDOMEventAt(typ string, h DOMEventHandler, i int) {
	n.OnDOMEvent(typ, func(e DOMEvent) { h.VGDOMEvent(i, e) })
}

// PropJSON writes a JS property's value as JSON for AddProp, as
// encoding/json would; the program sets it (raftlab: web sets core/jsonw's,
// the page's one JSON writer, so that vugu links no JSON code of its own;
// README.raftlab.md).
var PropJSON func(v any) ([]byte, error)

// AddProp adds JS property key with value v as JSON (raftlab: what the
// generator wrote inline for each .prop binding, as one call).
func (n *VGNode) AddProp(key string, v any) {
	if PropJSON == nil {
		panic("vugu: PropJSON is not set (raftlab: web sets it)")
	}
	b, err := PropJSON(v)
	if err != nil {
		panic(err)
	}
	n.Prop = append(n.Prop, VGProperty{Key: key, JSONVal: b})
}

// RemoveChild removes a node c that is a child of n. Afterwards, c will have
// no parent and no siblings.
//
// It will panic if c's parent is not n.
func (n *VGNode) RemoveChild(c *VGNode) {
	if c.Parent != n {
		panic("html: RemoveChild called for a non-child Node")
	}
	if n.FirstChild == c {
		n.FirstChild = c.NextSibling
	}
	if c.NextSibling != nil {
		c.NextSibling.PrevSibling = c.PrevSibling
	}
	if n.LastChild == c {
		n.LastChild = c.PrevSibling
	}
	if c.PrevSibling != nil {
		c.PrevSibling.NextSibling = c.NextSibling
	}
	c.Parent = nil
	c.PrevSibling = nil
	c.NextSibling = nil
}

// type IfFunc func(data interface{}) (bool, error)

// Walk will walk the tree under a VGNode using the specified callback function.
// If the function provided returns a non-nil error then walking will be stopped
// and this error will be returned.  Only FirstChild and NextSibling are used
// while walking and so with well-formed documents should not loop. (But loops
// created manually by modifying FirstChild or NextSibling pointers could cause
// this function to recurse indefinitely.)  Note that f may modify nodes as it
// visits them with predictable results as long as it does not modify elements
// higher on the tree (up, toward the parent); it is safe to modify self and children.
func (n *VGNode) Walk(f func(*VGNode) error) error {
	if n == nil {
		return nil
	}
	err := f(n)
	if err != nil {
		return err
	}
	err = n.FirstChild.Walk(f)
	if err != nil {
		return err
	}
	err = n.NextSibling.Walk(f)
	if err != nil {
		return err
	}
	return nil
}

// AddAttrInterface sets an attribute based on the given interface:
// a string is the attribute's value; a bool is a flag (false: no
// attribute, true: the key as its value); nil: no attribute; anything
// else is written with fmt's %v (raftlab: the strconv, fmt.Stringer and
// reflection-based pointer cases of Vugu v0.4.0 are gone; the page's
// templates bind strings, and fmt writes integers with the same digits and
// calls String itself; README.raftlab.md).
func (n *VGNode) AddAttrInterface(key string, val interface{}) {
	var s string
	switch v := val.(type) {
	case nil:
		return
	case string:
		s = v
	case bool:
		if !v {
			return
		}
		s = key
	default:
		s = fmt.Sprint(val)
	}
	n.Attr = append(n.Attr, VGAttribute{Key: key, Val: s})
}

// AddAttrList takes a VGAttributeLister and sets the returned attributes to the node
func (n *VGNode) AddAttrList(lister VGAttributeLister) {
	n.Attr = append(n.Attr, lister.AttributeList()...)
}

// SetInnerHTML assigns the InnerHTML field: nil for nil; a string
// escaped with EscapeHTML; an HTMLer's HTML() as it is; anything else
// written with fmt's %v and escaped (raftlab: see AddAttrInterface).
func (n *VGNode) SetInnerHTML(val interface{}) {
	var s string
	switch v := val.(type) {
	case nil:
		n.InnerHTML = nil
		return
	case string:
		s = EscapeHTML(v)
	case HTMLer:
		s = v.HTML()
	default:
		s = EscapeHTML(fmt.Sprint(val))
	}
	n.InnerHTML = &s
}

// EscapeHTML is html.EscapeString (raftlab: the package html is not
// imported, for its initialisation links the 2,231 named character
// references that only UnescapeString reads into every binary, and its
// strings.Replacer links the Replacer's general algorithms).
func EscapeHTML(s string) string {
	i := strings.IndexAny(s, `&'<>"`)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for ; i < len(s); i++ {
		var r string
		switch s[i] {
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;" // html.EscapeString's: shorter than "&apos;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '"':
			r = "&#34;" // shorter than "&quot;"
		default:
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(r)
		s, i = s[i+1:], -1
	}
	b.WriteString(s)
	return b.String()
}

// JSValueHandler does something with a js.Value
type JSValueHandler interface {
	JSValueHandle(js.Value)
}

// JSValueFunc implements JSValueHandler as a function.
type JSValueFunc func(js.Value)

// JSValueHandle implements the JSValueHandler interface.
func (f JSValueFunc) JSValueHandle(v js.Value) { f(v) }
