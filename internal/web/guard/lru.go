package guard

// lru is a string-keyed map that remembers use order, so Limiter and
// LoginThrottle can bound their memory by dropping the least recently used
// keys. It is not safe for concurrent use: its owner holds the lock.
type lru[V any] struct {
	max   int
	items map[string]*lruNode[V]
	root  lruNode[V] // sentinel: root.next is the newest, root.prev the oldest
}

type lruNode[V any] struct {
	key        string
	val        V
	prev, next *lruNode[V]
}

// newLRU returns an empty lru holding at most max keys (at least 1).
func newLRU[V any](max int) *lru[V] {
	if max < 1 {
		max = 1
	}
	l := &lru[V]{max: max, items: make(map[string]*lruNode[V])}
	l.root.next, l.root.prev = &l.root, &l.root
	return l
}

func (l *lru[V]) len() int { return len(l.items) }

// get returns key's value, marking it the newest.
func (l *lru[V]) get(key string) (*V, bool) {
	n, ok := l.items[key]
	if !ok {
		return nil, false
	}
	l.unlink(n)
	l.pushFront(n)
	return &n.val, true
}

// add inserts key as the newest with val (key must be absent) and returns
// its value and how many older keys it dropped to stay within max.
func (l *lru[V]) add(key string, val V) (*V, int) {
	dropped := 0
	for len(l.items) >= l.max {
		l.remove(l.root.prev)
		dropped++
	}
	n := &lruNode[V]{key: key, val: val}
	l.items[key] = n
	l.pushFront(n)
	return &n.val, dropped
}

// oldest returns the least recently used node, nil when empty.
func (l *lru[V]) oldest() *lruNode[V] {
	if l.root.prev == &l.root {
		return nil
	}
	return l.root.prev
}

// delete removes key if present.
func (l *lru[V]) delete(key string) {
	if n, ok := l.items[key]; ok {
		l.remove(n)
	}
}

func (l *lru[V]) remove(n *lruNode[V]) {
	l.unlink(n)
	delete(l.items, n.key)
}

func (l *lru[V]) unlink(n *lruNode[V]) {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}

func (l *lru[V]) pushFront(n *lruNode[V]) {
	n.prev, n.next = &l.root, l.root.next
	l.root.next.prev = n
	l.root.next = n
}
