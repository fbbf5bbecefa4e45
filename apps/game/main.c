/* game: a grid world with A* path-finding agents.
 *
 * A square map is generated with a deterministic PRNG: random rocks plus a
 * few long walls with gaps; only the largest connected region is kept.
 * Gatherer agents walk to coins along A* paths; hunter agents chase the
 * nearest gatherer and send it back to a random cell when they catch it.
 * Every few ticks a rock appears and an old one crumbles, which invalidates
 * paths and forces re-planning. A search gives up after expanding a quarter
 * of the map. Agents block each other: a blocked agent waits and eventually
 * re-plans around the blocker.
 *
 * Everything is integer arithmetic; ties are broken deterministically, so the
 * run is identical on every target. The output is a few statistics and a
 * checksum of every agent position at every tick.
 *
 * Usage: game [ticks] [size]   (defaults: 12000 ticks, 128x128 map)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  GATHERERS = 24,
  HUNTERS = 6,
  AGENTS = GATHERERS + HUNTERS,
  HUNTER_REPLAN = 6, /* ticks between a hunter's re-plans */
  PATIENCE = 3,      /* ticks an agent waits behind another before re-planning */
  TEMP_ROCKS = 32,   /* rocks that come and go while the game runs */
};

typedef struct {
  int pos;      /* cell index */
  int goal;     /* cell index, -1 if none */
  int *path;    /* cells from next step to goal, path[path_pos..path_len-1] */
  int path_len, path_pos;
  int waited;   /* ticks spent blocked */
  int hunter;
  int since_plan;
  int failed;   /* the last search found no path */
  int wander;   /* gatherer heading for a random cell rather than a coin */
  uint32_t score;
} Agent;

static int W, H, CELLS;
static uint8_t *wall;   /* 1 = impassable */
static uint8_t *coin;
static uint8_t *land;   /* open in the generated map; only these cells change */
static int *occupant;   /* agent index + 1, 0 = empty */

/* A* scratch space, reused across searches via a generation stamp. */
static int32_t *g_cost;
static int32_t *came_from;
static uint32_t *seen_stamp, *closed_stamp;
static uint32_t stamp;
static uint64_t *heap;
static int heap_n;
static uint64_t expansions, searches, failed_searches;

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rng_next(void) { /* xorshift64*, upper 32 bits */
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t rng_below(uint32_t n) { return (uint32_t)(((uint64_t)rng_next() * n) >> 32); }

static int iabs(int v) { return v < 0 ? -v : v; }
static int manhattan(int a, int b) { return iabs(a % W - b % W) + iabs(a / W - b / W); }

/* Min-heap of keys (f << 42 | h << 21 | cell): lowest f, then lowest h, then
 * lowest cell index, which makes the search order fully deterministic. */
static void heap_push(uint64_t k) {
  int i = heap_n++;
  while (i > 0) {
    int p = (i - 1) / 2;
    if (heap[p] <= k) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = k;
}

static uint64_t heap_pop(void) {
  uint64_t top = heap[0], last = heap[--heap_n];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= heap_n) break;
    if (c + 1 < heap_n && heap[c + 1] < heap[c]) c++;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

/* Plans a path for agent a to its goal. Cells occupied by other agents next
 * to the start are treated as blocked when avoid_neighbours is set. */
static int astar(Agent *a, int avoid_neighbours) {
  static const int dx[4] = {0, 1, 0, -1}, dy[4] = {-1, 0, 1, 0};
  int start = a->pos, goal = a->goal;
  searches++;
  a->path_len = a->path_pos = 0;
  a->since_plan = 0;
  if (goal < 0 || wall[goal]) {
    failed_searches++;
    a->failed = 1;
    return 0;
  }
  stamp++;
  heap_n = 0;
  g_cost[start] = 0;
  came_from[start] = -1;
  seen_stamp[start] = stamp;
  heap_push(((uint64_t)manhattan(start, goal) << 42) | ((uint64_t)manhattan(start, goal) << 21) | (uint64_t)start);
  int budget = CELLS / 4; /* agents give up on goals that are too hard to reach */
  while (heap_n > 0 && budget > 0) {
    int cur = (int)(heap_pop() & ((1u << 21) - 1));
    if (closed_stamp[cur] == stamp) continue;
    closed_stamp[cur] = stamp;
    expansions++;
    budget--;
    if (cur == goal) {
      int n = 0;
      for (int c = goal; c != start; c = came_from[c]) n++;
      a->path_len = n;
      for (int c = goal; c != start; c = came_from[c]) a->path[--n] = c;
      a->failed = 0;
      return 1;
    }
    int cx = cur % W, cy = cur / W;
    for (int d = 0; d < 4; d++) {
      int nx = cx + dx[d], ny = cy + dy[d];
      if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
      int nb = ny * W + nx;
      if (wall[nb] || closed_stamp[nb] == stamp) continue;
      if (avoid_neighbours && cur == start && occupant[nb]) continue;
      int g = g_cost[cur] + 1;
      if (seen_stamp[nb] == stamp && g >= g_cost[nb]) continue;
      seen_stamp[nb] = stamp;
      g_cost[nb] = g;
      came_from[nb] = cur;
      int h = manhattan(nb, goal);
      heap_push(((uint64_t)(g + h) << 42) | ((uint64_t)h << 21) | (uint64_t)nb);
    }
  }
  failed_searches++;
  a->failed = 1;
  return 0;
}

static int random_free_cell(void) {
  for (;;) {
    int c = (int)rng_below((uint32_t)CELLS);
    if (land[c] && !wall[c] && !occupant[c]) return c;
  }
}

static void place_coin(void) {
  for (;;) {
    int c = (int)rng_below((uint32_t)CELLS);
    if (land[c] && !wall[c] && !coin[c]) {
      coin[c] = 1;
      return;
    }
  }
}

static void generate_map(void) {
  for (int c = 0; c < CELLS; c++) wall[c] = rng_below(100) < 22;
  /* Long walls with a few gaps make the paths interesting. */
  for (int k = 0; k < W / 8; k++) {
    int vertical = (int)(rng_next() & 1);
    int fixed = (int)rng_below((uint32_t)(vertical ? W : H));
    int len = vertical ? H : W;
    for (int i = 0; i < len; i++) {
      int c = vertical ? i * W + fixed : fixed * W + i;
      wall[c] = rng_below(100) >= 25;
    }
  }
  /* Keep only the largest open region so that (almost) every goal is
   * reachable; everything else becomes rock. came_from serves as the BFS
   * queue and g_cost as the region label. */
  for (int c = 0; c < CELLS; c++) g_cost[c] = -1;
  int best_label = -1, best_size = 0, label = 0;
  for (int s = 0; s < CELLS; s++) {
    if (wall[s] || g_cost[s] >= 0) continue;
    int head = 0, tail = 0;
    came_from[tail++] = s;
    g_cost[s] = label;
    while (head < tail) {
      int c = came_from[head++], x = c % W, y = c / W;
      int nbs[4] = {y > 0 ? c - W : -1, x + 1 < W ? c + 1 : -1, y + 1 < H ? c + W : -1, x > 0 ? c - 1 : -1};
      for (int d = 0; d < 4; d++) {
        int nb = nbs[d];
        if (nb < 0 || wall[nb] || g_cost[nb] >= 0) continue;
        g_cost[nb] = label;
        came_from[tail++] = nb;
      }
    }
    if (tail > best_size) {
      best_size = tail;
      best_label = label;
    }
    label++;
  }
  for (int c = 0; c < CELLS; c++) {
    if (!wall[c] && g_cost[c] != best_label) wall[c] = 1;
    land[c] = !wall[c];
  }
}

static void pick_gatherer_goal(Agent *a, const Agent *agents) {
  /* Nearest coin by Manhattan distance, scanning a window around the agent;
   * fall back to a random coin-free cell if none is close. */
  int best = -1, best_d = 1 << 30;
  int ax = a->pos % W, ay = a->pos / W, r = 12;
  for (int y = ay - r; y <= ay + r; y++) {
    if (y < 0 || y >= H) continue;
    for (int x = ax - r; x <= ax + r; x++) {
      if (x < 0 || x >= W) continue;
      int c = y * W + x;
      if (!coin[c] || wall[c]) continue;
      int d = iabs(x - ax) + iabs(y - ay);
      if (d < best_d) {
        best_d = d;
        best = c;
      }
    }
  }
  (void)agents;
  a->goal = best >= 0 ? best : random_free_cell();
}

static void pick_hunter_goal(Agent *a, const Agent *agents) {
  int best = -1, best_d = 1 << 30;
  for (int i = 0; i < GATHERERS; i++) {
    int d = manhattan(a->pos, agents[i].pos);
    if (d < best_d) {
      best_d = d;
      best = agents[i].pos;
    }
  }
  a->goal = best;
}

static void respawn(Agent *agents, int i) {
  Agent *a = &agents[i];
  occupant[a->pos] = 0;
  a->pos = random_free_cell();
  occupant[a->pos] = i + 1;
  a->path_len = a->path_pos = 0;
  a->goal = -1;
  a->waited = 0;
}

int main(int argc, char **argv) {
  int ticks = argc > 1 ? atoi(argv[1]) : 12000;
  int size = argc > 2 ? atoi(argv[2]) : 128;
  if (ticks < 0 || size < 16 || size > 1024) {
    fprintf(stderr, "usage: game [ticks >= 0] [size 16..1024]\n");
    return 2;
  }
  W = H = size;
  CELLS = W * H;
  wall = calloc((size_t)CELLS, 1);
  coin = calloc((size_t)CELLS, 1);
  land = calloc((size_t)CELLS, 1);
  occupant = calloc((size_t)CELLS, sizeof(int));
  g_cost = calloc((size_t)CELLS, sizeof(int32_t));
  came_from = calloc((size_t)CELLS, sizeof(int32_t));
  seen_stamp = calloc((size_t)CELLS, sizeof(uint32_t));
  closed_stamp = calloc((size_t)CELLS, sizeof(uint32_t));
  heap = calloc((size_t)CELLS * 4 + 4, sizeof(uint64_t));
  Agent agents[AGENTS];
  int *paths = calloc((size_t)AGENTS * (size_t)CELLS, sizeof(int));
  if (!wall || !coin || !land || !occupant || !g_cost || !came_from || !seen_stamp || !closed_stamp || !heap || !paths) {
    fprintf(stderr, "game: out of memory\n");
    return 1;
  }

  generate_map();
  int coins = CELLS / 40;
  for (int i = 0; i < coins; i++) place_coin();
  memset(agents, 0, sizeof agents);
  for (int i = 0; i < AGENTS; i++) {
    agents[i].path = paths + (size_t)i * CELLS;
    agents[i].hunter = i >= GATHERERS;
    agents[i].goal = -1;
    agents[i].pos = random_free_cell();
    occupant[agents[i].pos] = i + 1;
  }

  int rocks[TEMP_ROCKS], rock_next = 0;
  for (int i = 0; i < TEMP_ROCKS; i++) rocks[i] = -1;
  uint64_t checksum = 0xCBF29CE484222325ull;
  uint32_t coins_taken = 0, catches = 0, moves = 0, waits = 0, map_changes = 0;
  for (int t = 0; t < ticks; t++) {
    /* The world changes: a few rocks appear or vanish. */
    if (t % 5 == 0) {
      /* A new rock appears; the oldest temporary rock crumbles, so a cell
       * closed in by rocks opens up again after a while. */
      int c = (int)rng_below((uint32_t)CELLS);
      if (land[c] && !wall[c] && !occupant[c] && !coin[c]) {
        if (rocks[rock_next] >= 0) wall[rocks[rock_next]] = 0;
        rocks[rock_next] = c;
        rock_next = (rock_next + 1) % TEMP_ROCKS;
        wall[c] = 1;
        map_changes++;
      }
    }
    for (int i = 0; i < AGENTS; i++) {
      Agent *a = &agents[i];
      if (a->hunter) {
        if (a->goal < 0 || a->since_plan >= HUNTER_REPLAN || a->path_pos >= a->path_len) {
          pick_hunter_goal(a, agents);
          astar(a, 0);
        }
      } else if (a->goal < 0 || a->path_pos >= a->path_len || (!a->wander && !coin[a->goal])) {
        /* After a failed search wander to a random cell instead of trying
         * the (unreachable) nearest coin again. */
        a->wander = a->failed;
        if (a->wander)
          a->goal = random_free_cell();
        else
          pick_gatherer_goal(a, agents);
        astar(a, 0);
      }
      a->since_plan++;
      if (a->path_pos >= a->path_len) {
        a->goal = -1; /* unreachable: try another goal next tick */
        continue;
      }
      int next = a->path[a->path_pos];
      if (wall[next]) { /* the map changed under us */
        astar(a, 0);
        if (a->path_pos >= a->path_len) continue;
        next = a->path[a->path_pos];
      }
      int other = occupant[next] - 1;
      if (other >= 0) {
        if (a->hunter && !agents[other].hunter) { /* caught */
          a->score++;
          catches++;
          respawn(agents, other);
        } else {
          waits++;
          if (++a->waited > PATIENCE) {
            a->waited = 0;
            astar(a, 1);
          }
          continue;
        }
      }
      occupant[a->pos] = 0;
      a->pos = next;
      occupant[next] = i + 1;
      a->path_pos++;
      a->waited = 0;
      moves++;
      if (!a->hunter && coin[a->pos]) {
        coin[a->pos] = 0;
        a->score++;
        coins_taken++;
        place_coin();
        a->goal = -1;
      }
    }
    for (int i = 0; i < AGENTS; i++) {
      checksum ^= (uint64_t)(uint32_t)agents[i].pos + ((uint64_t)(uint32_t)t << 32);
      checksum *= 0x100000001B3ull;
    }
  }

  uint32_t best_g = 0, best_h = 0;
  for (int i = 0; i < AGENTS; i++) {
    if (agents[i].hunter) {
      if (agents[i].score > best_h) best_h = agents[i].score;
    } else if (agents[i].score > best_g) {
      best_g = agents[i].score;
    }
  }
  printf("game: %dx%d map, %d agents (%d hunters), %d ticks\n", W, H, AGENTS, HUNTERS, ticks);
  printf("coins collected: %u, catches: %u, moves: %u, waits: %u, map changes: %u\n", (unsigned)coins_taken,
         (unsigned)catches, (unsigned)moves, (unsigned)waits, (unsigned)map_changes);
  printf("best gatherer: %u, best hunter: %u\n", (unsigned)best_g, (unsigned)best_h);
  printf("A* searches: %llu (failed %llu), nodes expanded: %llu\n", (unsigned long long)searches,
         (unsigned long long)failed_searches, (unsigned long long)expansions);
  printf("checksum: %016llx\n", (unsigned long long)checksum);
  free(wall);
  free(coin);
  free(land);
  free(occupant);
  free(g_cost);
  free(came_from);
  free(seen_stamp);
  free(closed_stamp);
  free(heap);
  free(paths);
  return 0;
}
