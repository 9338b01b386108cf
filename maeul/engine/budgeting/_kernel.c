/* The float MES kernel: one whole float run of ``mes._Engine._float_run`` in C.
 *
 * Why: a float run on the shared Pabulib files is a few hundred pricings of a few to a
 * thousand supporter types each, and in numpy every pricing was several calls of a few
 * microseconds each (gather, dot, masks) plus the Python of the heap loop and the
 * cross-share bounds; the arithmetic itself was a small part. Here the budgets, the supporter
 * types of every project (one CSR table) and their weights stay in C memory, and a pricing
 * is one pass over the project's supporters (the total and the first water-level step
 * together) plus one short pass per further step of the water level (over the supporters
 * not yet poor only).
 *
 * The algorithm is the one of mes.py (_numpy_run) and _prices.py, step for step: the same
 * heap of lower bounds (ordered by bound, then project), the same tolerances, the same
 * cross-share bounds (mes._Bounds, with its KEEP runs back), the same water-level steps.
 * Only the order of the floating-point sums differs from numpy's (left-to-right sums here,
 * the poor's money added step by step as they join; pairwise or SIMD-blocked sums in
 * numpy); the error of any order is below n * 2**-52 of the sum of the n non-negative
 * terms, which is what the relative TOLERANCE of every float decision already covers (see
 * the module docstring of mes.py), so a decision certified here is the exact decision, as
 * one certified by numpy is. Sums of voter counts are sums of integers below 2**53, exact
 * in any order. Payments involve no sum: the same floats as numpy's, bit for bit. Near-ties
 * are handed back to Python (the ``tie`` callable), which settles them exactly or gives up;
 * the doubtful zeros it needs are marked as the run pays (numpy replays them on demand).
 * Compile without -ffast-math (setup.py), which would reorder sums behind this argument.
 *
 * No numpy C API: arrays come in through the buffer protocol, so building needs nothing but
 * the Python headers. mes.py keeps the numpy path as the fallback when this module is
 * missing (and for tests, which run both).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KEEP 4
#define RING (KEEP + 1)

typedef struct {
    int64_t q;
    double rho;
    double rich;
    int64_t rnd;
} Entry;

/* One float run's record (mes._Record with its _Base): its share, its winners and their
 * payments by round, every price it found, and the generations of the runs it inherited. */
typedef struct {
    long generation; /* 0: empty slot */
    double share;
    Py_ssize_t nwin;
    int64_t *winners;
    double *rhos;
    Py_ssize_t nent, capent;
    Entry *entries;
    int ninh;
    long inh[KEEP];
} Record;

typedef struct {
    double bound;
    int64_t q;
} Item;

typedef struct {
    Item *items;
    Py_ssize_t len, cap;
} Heap;

/* How far this run agrees with one base (mes._Agreement). */
typedef struct {
    Record *base;
    Py_ssize_t agree;
    double drift;
    double scale;
    Py_ssize_t next;
} Agreement;

typedef struct {
    PyObject_HEAD
    Py_ssize_t m, types;
    int64_t *ptr;   /* m + 1: project q's supporter types are idx[ptr[q]:ptr[q + 1]] */
    int64_t *idx;
    double *w;      /* the voters of each of those types */
    double *size, *cost, *unit, *lower0;
    char *active0;
    double tolerance;
    Item *queue0; /* the initial heap, a copy of mes._Engine._queue */
    Py_ssize_t nqueue0;
    Record ring[RING];
    long generation;
    long prior; /* generation of the last completed run, 0 if none */
    /* per-run scratch, allocated once */
    double *lower;
    char *alive;
    int busy; /* a run is under way (its tie callback must not start another) */
    double *rich_held, *rich_weight; /* water_level's list of the not yet poor */
    Heap heap;
} Kernel;

static void *grow(void *p, Py_ssize_t n, size_t each)
{
    void *q = realloc(p, (size_t)(n > 0 ? n : 1) * each);
    if (q == NULL)
        PyErr_NoMemory();
    return q;
}

/* -- the heap of (bound, project), ordered as Python orders the tuples ------------------ */

static inline int item_less(Item a, Item b)
{
    return a.bound < b.bound || (a.bound == b.bound && a.q < b.q);
}

static int heap_push(Heap *h, double bound, int64_t q)
{
    if (h->len == h->cap) {
        Py_ssize_t cap = h->cap ? 2 * h->cap : 64;
        Item *items = grow(h->items, cap, sizeof(Item));
        if (items == NULL)
            return -1;
        h->items = items;
        h->cap = cap;
    }
    Item it = {bound, q};
    Py_ssize_t i = h->len++;
    while (i > 0) {
        Py_ssize_t parent = (i - 1) / 2;
        if (!item_less(it, h->items[parent]))
            break;
        h->items[i] = h->items[parent];
        i = parent;
    }
    h->items[i] = it;
    return 0;
}

static void heap_pop(Heap *h)
{
    Item last = h->items[--h->len];
    Py_ssize_t n = h->len, i = 0;
    if (n == 0)
        return;
    for (;;) {
        Py_ssize_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && item_less(h->items[c + 1], h->items[c]))
            c++;
        if (!item_less(h->items[c], last))
            break;
        h->items[i] = h->items[c];
        i = c;
    }
    h->items[i] = last;
}

/* -- pricing ------------------------------------------------------------------------- */

/* The water level of _prices.water_level_rich: rho with sum(w * min(b, rho)) == cost, and
 * the weight of the full payers in *rich; the supporters' total money, sum(w * b), in
 * *total. The level is only computed (otherwise NaN) when the total exceeds ``need``, which
 * callers set at or above the cost.
 *
 * The steps are those of water_level_rich: the poor (holding less than the threshold) pay
 * all they hold, the others rho = (cost - paid by the poor) / (their weight); while rho
 * exceeds the threshold, it becomes the threshold and the poor are counted again. Here the
 * first pass gathers the budgets once, sums the total and the first poor together, and
 * keeps the others (budget and weight) in a compact list; each later step scans only that
 * list, moves those who joined the poor out of it and adds their sums to the poor's, so a
 * step costs the voters not yet poor, without the gather. The poor's weight is a sum of
 * integers (voter counts), exact either way; their money is summed in another order than
 * numpy's, within the error the tolerance covers (see the top of this file). */
static double water_level(const Kernel *k, const double *b, Py_ssize_t q, double floor,
                          double need, double *total_out, double *rich)
{
    const int64_t lo = k->ptr[q], hi = k->ptr[q + 1];
    const int64_t *idx = k->idx;
    const double *w = k->w;
    double *rh = k->rich_held, *rw = k->rich_weight;
    const double size = k->size[q], cost = k->cost[q];
    double rho = cost / size;
    double threshold = rho > floor ? rho : floor;
    double count = 0.0, paid = 0.0, total = 0.0;
    Py_ssize_t n = 0;
    for (int64_t j = lo; j < hi; j++) {
        double held = b[idx[j]];
        double weight = w[j];
        double money = held * weight;
        int poor = held < threshold;
        /* Branch-free (whether a supporter is poor is a coin toss to the branch predictor:
         * a branch here cost a third of the pass): times 1.0 or 0.0, and adding 0.0 leaves
         * a sum as it is, so the same floats as summing the poor alone. */
        double is = (double)poor;
        total += money;
        count += is * weight;
        paid += is * money;
        rh[n] = held;
        rw[n] = weight;
        n += !poor;
    }
    *total_out = total;
    if (!(total > need)) {
        *rich = NAN;
        return NAN;
    }
    if (count == 0.0 || count >= size) {
        *rich = size - count;
        return rho;
    }
    for (;;) {
        rho = (cost - paid) / (size - count);
        if (rho <= threshold)
            break;
        threshold = rho;
        double grown = 0.0, more = 0.0;
        Py_ssize_t kept = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            double held = rh[i];
            double weight = rw[i];
            int poor = held < threshold;
            double is = (double)poor;
            grown += is * weight;
            more += is * (held * weight);
            rh[kept] = held;
            rw[kept] = weight;
            kept += !poor;
        }
        if (kept == n)
            break; /* nobody joined the poor: rho is final */
        n = kept;
        count += grown;
        if (count >= size)
            break;
        paid += more;
    }
    *rich = size - count;
    return rho;
}

/* Every supporter pays min(budget, rho): the same float as numpy's max(held - rho, 0).
 * With ``fuzzy``, marks those whose budget is within the tolerance of rho (pay_float). */
static void pay(const Kernel *k, double *b, char *fuzzy, Py_ssize_t q, double rho)
{
    const double close = rho * k->tolerance;
    for (int64_t j = k->ptr[q]; j < k->ptr[q + 1]; j++) {
        int64_t i = k->idx[j];
        double left = b[i] - rho;
        if (fuzzy != NULL && fabs(left) <= close)
            fuzzy[i] = 1;
        b[i] = left > 0.0 ? left : 0.0;
    }
}

/* -- buffers ------------------------------------------------------------------------- */

/* A C-contiguous buffer of ``len`` items (any length if negative) of the type ``kind``:
 * 'd' float64, 'q' int64, '?' bool. The format is checked, not only the item size: an int64
 * array given for a float64 one has the same size and would be read as garbage. */
static int get_array(PyObject *obj, Py_buffer *view, char kind, Py_ssize_t len, int writable,
                     const char *what)
{
    if (PyObject_GetBuffer(obj, view,
                           PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    const char *format = view->format ? view->format : "B";
    if (*format == '@' || *format == '=' || *format == '<')
        format++;
    Py_ssize_t itemsize = kind == '?' ? 1 : 8;
    int same = format[0] == kind ||
               (kind == 'q' && sizeof(long) == 8 && format[0] == 'l'); /* numpy's int64 */
    if (!same || format[1] != '\0' || view->itemsize != itemsize ||
        (len >= 0 && view->len != len * itemsize)) {
        PyErr_Format(PyExc_ValueError, "%s: wrong item type or length", what);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The budgets (float64) and doubtful marks (one byte) of every ballot type, as each entry
 * point takes them; on failure nothing is held and an exception is set. */
static int get_state(Kernel *self, PyObject *budgets_obj, PyObject *fuzzy_obj, int writable,
                     Py_buffer *view, Py_buffer *fview)
{
    if (get_array(budgets_obj, view, 'd', self->types, writable, "budgets") < 0)
        return -1;
    if (get_array(fuzzy_obj, fview, '?', self->types, writable, "fuzzy") < 0) {
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int check_project(Kernel *self, Py_ssize_t q)
{
    if (q < 0 || q >= self->m) {
        PyErr_SetString(PyExc_IndexError, "project out of range");
        return -1;
    }
    return 0;
}

static void *copy_array(PyObject *obj, char kind, Py_ssize_t len, const char *what,
                        Py_ssize_t *got)
{
    Py_buffer view;
    if (get_array(obj, &view, kind, len, 0, what) < 0)
        return NULL;
    void *out = malloc(view.len > 0 ? (size_t)view.len : 1);
    if (out == NULL) {
        PyBuffer_Release(&view);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, view.buf, (size_t)view.len);
    if (got != NULL)
        *got = view.len / view.itemsize;
    PyBuffer_Release(&view);
    return out;
}

/* -- the Kernel type ----------------------------------------------------------------- */

static void record_free(Record *r)
{
    free(r->winners);
    free(r->rhos);
    free(r->entries);
    memset(r, 0, sizeof(*r));
}

static void Kernel_dealloc(Kernel *self)
{
    free(self->ptr);
    free(self->idx);
    free(self->w);
    free(self->size);
    free(self->cost);
    free(self->unit);
    free(self->lower0);
    free(self->active0);
    free(self->queue0);
    free(self->lower);
    free(self->alive);
    free(self->rich_held);
    free(self->rich_weight);
    free(self->heap.items);
    for (int i = 0; i < RING; i++)
        record_free(&self->ring[i]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Kernel(types, ptr, idx, w, size, cost, unit, lower, tolerance): ``lower`` is each
 * project's first lower bound, NaN for a project that is not a candidate (no supporters or
 * free). Everything is copied. */
static int Kernel_init(Kernel *self, PyObject *args, PyObject *kwds)
{
    PyObject *ptr, *idx, *w, *size, *cost, *unit, *lower;
    Py_ssize_t types, m, nidx, nw;
    double tolerance;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "nOOOOOOOd", &types, &ptr, &idx, &w, &size, &cost, &unit,
                          &lower, &tolerance))
        return -1;
    if (self->ptr != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Kernel is initialised once");
        return -1;
    }
    self->types = types;
    self->tolerance = tolerance;
    if ((self->ptr = copy_array(ptr, 'q', -1, "ptr", &m)) == NULL)
        return -1;
    m -= 1;
    if (m < 0) {
        PyErr_SetString(PyExc_ValueError, "ptr is empty");
        return -1;
    }
    self->m = m;
    if ((self->idx = copy_array(idx, 'q', -1, "idx", &nidx)) == NULL ||
        (self->w = copy_array(w, 'd', nidx, "w", &nw)) == NULL ||
        (self->size = copy_array(size, 'd', m, "size", NULL)) == NULL ||
        (self->cost = copy_array(cost, 'd', m, "cost", NULL)) == NULL ||
        (self->unit = copy_array(unit, 'd', m, "unit", NULL)) == NULL ||
        (self->lower0 = copy_array(lower, 'd', m, "lower", NULL)) == NULL)
        return -1;
    if (self->ptr[0] != 0 || self->ptr[m] != nidx) {
        PyErr_SetString(PyExc_ValueError, "ptr does not match idx");
        return -1;
    }
    for (Py_ssize_t q = 0; q < m; q++)
        if (self->ptr[q] > self->ptr[q + 1]) {
            PyErr_SetString(PyExc_ValueError, "ptr is not increasing");
            return -1;
        }
    for (Py_ssize_t j = 0; j < nidx; j++)
        if (self->idx[j] < 0 || self->idx[j] >= types) {
            PyErr_SetString(PyExc_ValueError, "idx out of range");
            return -1;
        }
    Py_ssize_t longest = 1;
    for (Py_ssize_t q = 0; q < m; q++)
        if (self->ptr[q + 1] - self->ptr[q] > longest)
            longest = self->ptr[q + 1] - self->ptr[q];
    self->rich_held = malloc((size_t)longest * sizeof(double));
    self->rich_weight = malloc((size_t)longest * sizeof(double));
    if (self->rich_held == NULL || self->rich_weight == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->active0 = calloc((size_t)(m ? m : 1), 1);
    self->lower = malloc((size_t)(m ? m : 1) * sizeof(double));
    self->alive = malloc((size_t)(m ? m : 1));
    if (self->active0 == NULL || self->lower == NULL || self->alive == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Heap h = {NULL, 0, 0};
    for (Py_ssize_t q = 0; q < m; q++) {
        if (isnan(self->lower0[q]))
            continue;
        self->active0[q] = 1;
        if (heap_push(&h, self->lower0[q], q) < 0) {
            free(h.items);
            return -1;
        }
    }
    self->queue0 = h.items;
    self->nqueue0 = h.len;
    return 0;
}

static Record *slot(Kernel *self, long generation)
{
    return &self->ring[generation % RING];
}

static int record_reserve(Kernel *self, Record *r)
{
    Py_ssize_t m = self->m ? self->m : 1;
    if (r->winners == NULL) {
        r->winners = malloc((size_t)m * sizeof(int64_t));
        r->rhos = malloc((size_t)m * sizeof(double));
        if (r->winners == NULL || r->rhos == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    return 0;
}

static int record_entry(Record *r, int64_t q, double rho, double rich, int64_t rnd)
{
    if (r->nent == r->capent) {
        Py_ssize_t cap = r->capent ? 2 * r->capent : 256;
        Entry *e = grow(r->entries, cap, sizeof(Entry));
        if (e == NULL)
            return -1;
        r->entries = e;
        r->capent = cap;
    }
    r->entries[r->nent++] = (Entry){q, rho, rich, rnd};
    return 0;
}

/* mes._Bounds.release */
static int release(Kernel *self, Agreement *st)
{
    Entry *entries = st->base->entries;
    Py_ssize_t at = st->next;
    while (at < st->base->nent && entries[at].rnd <= st->agree) {
        Entry e = entries[at++];
        if (!self->alive[e.q] || e.rich * 100000.0 < self->size[e.q])
            continue;
        double sz = self->size[e.q];
        double slack =
            (st->drift * (sz - e.rich) + self->tolerance * (st->scale + e.rho) * sz) / e.rich;
        double floor = (e.rho - slack) / self->unit[e.q];
        if (floor > self->lower[e.q]) {
            self->lower[e.q] = floor;
            if (heap_push(&self->heap, floor, e.q) < 0)
                return -1;
        }
    }
    st->next = at;
    return 0;
}

typedef struct {
    double alpha;
    int64_t q;
    double rho;
} Found;

/* Ask Python to settle a near-tie: tie(near) with near a list of (alpha, project, rho);
 * returns the chosen project, -1 when Python gave up (the run falls back to exact
 * arithmetic), -2 on an exception. */
static int64_t settle(PyObject *tie, Found *found, Py_ssize_t nfound, double limit)
{
    PyObject *near = PyList_New(0);
    if (near == NULL)
        return -2;
    for (Py_ssize_t i = 0; i < nfound; i++) {
        if (!(found[i].alpha <= limit))
            continue;
        PyObject *t = Py_BuildValue("(dLd)", found[i].alpha, (long long)found[i].q,
                                    found[i].rho);
        if (t == NULL || PyList_Append(near, t) < 0) {
            Py_XDECREF(t);
            Py_DECREF(near);
            return -2;
        }
        Py_DECREF(t);
    }
    PyObject *got = PyObject_CallOneArg(tie, near);
    Py_DECREF(near);
    if (got == NULL)
        return -2;
    if (got == Py_None) {
        Py_DECREF(got);
        return -1;
    }
    long long q = PyLong_AsLongLong(got);
    Py_DECREF(got);
    if (q == -1 && PyErr_Occurred())
        return -2;
    if (q < 0) { /* -1 and -2 are this function's own answers */
        PyErr_SetString(PyExc_ValueError, "tie returned a negative project");
        return -2;
    }
    return q;
}

/* run(budgets, fuzzy, share, cross, tie) -> list of winners in order, or None.
 *
 * ``budgets``: a writable float64 buffer of one entry per supporter type, filled with
 * ``share``; ``fuzzy``: a writable bool buffer as long, all false, in which every payment
 * marks the voters it leaves within the tolerance of nothing (pay_float: their zero is
 * doubtful); ``cross``: whether to start from the bounds of the runs before
 * (mes.CROSS_BOUNDS); ``tie``: see settle(), called with ``budgets`` and ``fuzzy`` as they
 * are at that round. Free projects are not included (mes.py puts them first). */
static PyObject *Kernel_run(Kernel *self, PyObject *args)
{
    PyObject *budgets_obj, *fuzzy_obj, *tie;
    double share;
    int cross;
    if (!PyArg_ParseTuple(args, "OOdpO", &budgets_obj, &fuzzy_obj, &share, &cross, &tie))
        return NULL;
    if (self->ptr == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Kernel not initialised");
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "Kernel.run called again during a run");
        return NULL;
    }
    Py_buffer view, fview;
    if (get_state(self, budgets_obj, fuzzy_obj, 1, &view, &fview) < 0)
        return NULL;
    double *b = view.buf;
    char *fuzzy = fview.buf;
    self->busy = 1;
    const double high = 1.0 + self->tolerance, low = 1.0 - self->tolerance;
    const Py_ssize_t m = self->m;
    PyObject *result = NULL;
    /* A project is priced at most once a round unless two heap entries carry the same
     * bound, so ``found`` rarely outgrows m; it grows if it must. */
    Py_ssize_t capfound = m ? m : 1;
    Found *found = malloc((size_t)capfound * sizeof(Found));
    Agreement states[KEEP];
    int nstates = 0;
    if (found == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(self->lower, self->lower0, (size_t)m * sizeof(double));
    memcpy(self->alive, self->active0, (size_t)m);
    Py_ssize_t left = 0;
    for (Py_ssize_t q = 0; q < m; q++)
        left += self->alive[q];
    if (self->heap.cap < self->nqueue0) {
        Item *items = grow(self->heap.items, self->nqueue0, sizeof(Item));
        if (items == NULL)
            goto done;
        self->heap.items = items;
        self->heap.cap = self->nqueue0;
    }
    memcpy(self->heap.items, self->queue0, (size_t)self->nqueue0 * sizeof(Item));
    self->heap.len = self->nqueue0;

    long gen = ++self->generation;
    long prior_gen = cross ? self->prior : 0;
    self->prior = 0;
    Record *rec = slot(self, gen);
    Py_ssize_t keep_cap = rec->capent;
    Entry *keep_entries = rec->entries;
    int64_t *keep_w = rec->winners;
    double *keep_r = rec->rhos;
    memset(rec, 0, sizeof(*rec));
    rec->entries = keep_entries;
    rec->capent = keep_cap;
    rec->winners = keep_w;
    rec->rhos = keep_r;
    rec->generation = gen;
    rec->share = share;
    if (record_reserve(self, rec) < 0)
        goto done;
    if (prior_gen > 0 && prior_gen > gen - RING) {
        Record *prior = slot(self, prior_gen);
        if (prior->generation == prior_gen && !(prior->share > share)) {
            long chain[KEEP + 1];
            int n = 0;
            for (int i = 0; i < prior->ninh; i++)
                chain[n++] = prior->inh[i];
            chain[n++] = prior_gen;
            long oldest = gen - KEEP;
            for (int i = 0; i < n; i++) {
                Record *base = slot(self, chain[i]);
                if (chain[i] <= oldest || base->generation != chain[i] || base->nent == 0)
                    continue;
                rec->inh[rec->ninh++] = chain[i];
                states[nstates++] =
                    (Agreement){base, 0, share - base->share, share + base->share, 0};
            }
            for (int i = 0; i < nstates; i++)
                if (release(self, &states[i]) < 0)
                    goto done;
        }
    }

    Py_ssize_t rnd = 0;
    while (left > 0) {
        double best = INFINITY, limit = INFINITY;
        Py_ssize_t nfound = 0;
        while (self->heap.len > 0) {
            Item top = self->heap.items[0];
            int64_t q = top.q;
            if (!self->alive[q] || self->lower[q] != top.bound) {
                heap_pop(&self->heap);
                continue;
            }
            if (top.bound > limit)
                break;
            heap_pop(&self->heap);
            double total, rich;
            double cost = self->cost[q];
            double rho = water_level(self, b, q, top.bound * self->unit[q], cost * high,
                                     &total, &rich);
            if (total < cost * low) {
                self->alive[q] = 0;
                left--;
                continue;
            }
            if (total <= cost * high) {
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
            if (record_entry(rec, q, rho, rich, rnd) < 0)
                goto done;
            double alpha = rho / self->unit[q];
            self->lower[q] = alpha;
            if (nfound == capfound) {
                Found *more = grow(found, 2 * capfound, sizeof(Found));
                if (more == NULL)
                    goto done;
                found = more;
                capfound *= 2;
            }
            found[nfound++] = (Found){alpha, q, rho};
            if (alpha < best) {
                best = alpha;
                limit = best * high;
            }
        }
        if (nfound == 0)
            break;
        Py_ssize_t choice = 0;
        if (nfound > 1) {
            Py_ssize_t near = 0;
            for (Py_ssize_t i = 0; i < nfound; i++)
                if (found[i].alpha <= limit) {
                    if (near == 0)
                        choice = i;
                    near++;
                }
            if (near > 1) {
                int64_t q = settle(tie, found, nfound, limit);
                if (q == -2)
                    goto done;
                if (q == -1) {
                    result = Py_None;
                    Py_INCREF(result);
                    goto done;
                }
                choice = -1;
                for (Py_ssize_t i = 0; i < nfound; i++)
                    if (found[i].q == q && found[i].alpha <= limit)
                        choice = i;
                if (choice < 0) {
                    PyErr_SetString(PyExc_ValueError, "tie chose a project not in the tie");
                    goto done;
                }
            }
            for (Py_ssize_t i = 0; i < nfound; i++)
                if (i != choice && heap_push(&self->heap, found[i].alpha, found[i].q) < 0)
                    goto done;
        }
        int64_t q = found[choice].q;
        double rho = found[choice].rho;
        pay(self, b, fuzzy, q, rho);
        self->alive[q] = 0;
        left--;
        rec->winners[rec->nwin] = q;
        rec->rhos[rec->nwin] = rho;
        rec->nwin++;
        /* mes._Bounds.paid */
        for (int i = 0; i < nstates; i++) {
            Agreement *st = &states[i];
            Record *base = st->base;
            if (st->agree != rnd || rnd >= base->nwin || base->winners[rnd] != q)
                continue;
            double was = base->rhos[rnd];
            st->agree = rnd + 1;
            st->drift += was - rho > 0.0 ? was - rho : 0.0;
            st->scale += was + rho;
            if (release(self, st) < 0)
                goto done;
        }
        rnd++;
    }
    self->prior = gen;
    result = PyList_New(rec->nwin);
    if (result == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < rec->nwin; i++) {
        PyObject *v = PyLong_FromLongLong(rec->winners[i]);
        if (v == NULL) {
            Py_CLEAR(result);
            self->prior = 0;
            goto done;
        }
        PyList_SET_ITEM(result, i, v);
    }
done:
    self->busy = 0;
    free(found);
    PyBuffer_Release(&fview);
    PyBuffer_Release(&view);
    return result;
}

/* price(budgets, q, floor) -> (total, rho, rich): the supporters' money and, when it exceeds
 * the cost, the water level from ``floor`` (else rho and rich are NaN). */
static PyObject *Kernel_price(Kernel *self, PyObject *args)
{
    PyObject *budgets_obj;
    Py_ssize_t q;
    double floor;
    if (!PyArg_ParseTuple(args, "Ond", &budgets_obj, &q, &floor) || check_project(self, q) < 0)
        return NULL;
    Py_buffer view;
    if (get_array(budgets_obj, &view, 'd', self->types, 0, "budgets") < 0)
        return NULL;
    const double *b = view.buf;
    double total, rich;
    double rho = water_level(self, b, q, floor, self->cost[q], &total, &rich);
    PyBuffer_Release(&view);
    return Py_BuildValue("(ddd)", total, rho, rich);
}

/* pay(budgets, fuzzy, q, rho): _prices.pay_float for project q's supporters. */
static PyObject *Kernel_pay(Kernel *self, PyObject *args)
{
    PyObject *budgets_obj, *fuzzy_obj;
    Py_ssize_t q;
    double rho;
    if (!PyArg_ParseTuple(args, "OOnd", &budgets_obj, &fuzzy_obj, &q, &rho) ||
        check_project(self, q) < 0)
        return NULL;
    Py_buffer view, fview;
    if (get_state(self, budgets_obj, fuzzy_obj, 1, &view, &fview) < 0)
        return NULL;
    pay(self, view.buf, fview.buf, q, rho);
    PyBuffer_Release(&fview);
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

/* zeros(budgets, fuzzy, q) -> (weight, least): the weight of q's supporters holding
 * exactly nothing, -1 if one of them is marked doubtful (mes._Engine.zero_weight), and
 * the least positive budget among them (inf if none; mes._Engine.known_price). */
static PyObject *Kernel_zeros(Kernel *self, PyObject *args)
{
    PyObject *budgets_obj, *fuzzy_obj;
    Py_ssize_t q;
    if (!PyArg_ParseTuple(args, "OOn", &budgets_obj, &fuzzy_obj, &q) || check_project(self, q) < 0)
        return NULL;
    Py_buffer view, fview;
    if (get_state(self, budgets_obj, fuzzy_obj, 0, &view, &fview) < 0)
        return NULL;
    const double *b = view.buf;
    const char *fuzzy = fview.buf;
    double weight = 0.0, least = INFINITY;
    int doubtful = 0;
    for (int64_t j = self->ptr[q]; j < self->ptr[q + 1]; j++) {
        int64_t i = self->idx[j];
        if (b[i] == 0.0) {
            weight += self->w[j];
            doubtful |= fuzzy[i] != 0;
        } else if (b[i] > 0.0 && b[i] < least) {
            least = b[i];
        }
    }
    PyBuffer_Release(&fview);
    PyBuffer_Release(&view);
    return Py_BuildValue("(Ld)", doubtful ? -1LL : (long long)llround(weight), least);
}

static PyMethodDef Kernel_methods[] = {
    {"run", (PyCFunction)Kernel_run, METH_VARARGS, "One float MES run (see _kernel.c)."},
    {"price", (PyCFunction)Kernel_price, METH_VARARGS, "(total, rho, rich) of a project."},
    {"pay", (PyCFunction)Kernel_pay, METH_VARARGS, "A project's supporters pay rho."},
    {"zeros", (PyCFunction)Kernel_zeros, METH_VARARGS, "Certain zeros and least budget."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject KernelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "maeul.engine.budgeting._kernel.Kernel",
    .tp_basicsize = sizeof(Kernel),
    .tp_dealloc = (destructor)Kernel_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The float MES runs of one election (see _kernel.c).",
    .tp_methods = Kernel_methods,
    .tp_init = (initproc)Kernel_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernel", "The float MES kernel (see _kernel.c).", -1,
    NULL, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__kernel(void)
{
    if (PyType_Ready(&KernelType) < 0)
        return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL)
        return NULL;
    Py_INCREF(&KernelType);
    if (PyModule_AddObject(mod, "Kernel", (PyObject *)&KernelType) < 0) {
        Py_DECREF(&KernelType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
