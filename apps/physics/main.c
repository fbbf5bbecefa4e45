/* physics: softened n-body gravity with elastic particle collisions in a box.
 *
 * Fixed time step, velocity-Verlet integration, doubles throughout. Only
 * +, -, *, / and sqrt are used: these are correctly rounded by IEEE 754, so
 * the results are bit-identical on every conforming target (build natively
 * with -ffp-contract=off so no multiply-add gets fused). No libm
 * transcendental functions are called.
 *
 * Usage: physics [bodies] [steps]   (defaults: 256 bodies, 2000 steps)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  double x, y, z;
  double vx, vy, vz;
  double ax, ay, az;
  double m, r;
} Body;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng_next(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform double in [lo, hi), built from 53 random bits (exact conversion). */
static double rng_uniform(double lo, double hi) {
  double u = (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
  return lo + (hi - lo) * u;
}

static const double G = 1.0;
static const double SOFTENING2 = 0.01;
static const double BOX = 5.0;
static const double DT = 0.005;

static uint64_t fnv1a64(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001B3ull;
  }
  return h;
}

static void init_bodies(Body *b, int n) {
  for (int i = 0; i < n; i++) {
    b[i].x = rng_uniform(-BOX * 0.8, BOX * 0.8);
    b[i].y = rng_uniform(-BOX * 0.8, BOX * 0.8);
    b[i].z = rng_uniform(-BOX * 0.8, BOX * 0.8);
    b[i].vx = rng_uniform(-1.0, 1.0);
    b[i].vy = rng_uniform(-1.0, 1.0);
    b[i].vz = rng_uniform(-1.0, 1.0);
    b[i].m = rng_uniform(0.5, 2.0) / (double)n;
    b[i].r = 0.1 + 0.1 * b[i].m * (double)n;
  }
  /* Remove the net momentum so the system stays centred. */
  double px = 0, py = 0, pz = 0, mt = 0;
  for (int i = 0; i < n; i++) {
    px += b[i].m * b[i].vx;
    py += b[i].m * b[i].vy;
    pz += b[i].m * b[i].vz;
    mt += b[i].m;
  }
  for (int i = 0; i < n; i++) {
    b[i].vx -= px / mt;
    b[i].vy -= py / mt;
    b[i].vz -= pz / mt;
  }
}

static void compute_accel(Body *b, int n) {
  for (int i = 0; i < n; i++) b[i].ax = b[i].ay = b[i].az = 0.0;
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
      double d2 = dx * dx + dy * dy + dz * dz + SOFTENING2;
      double inv = 1.0 / (d2 * sqrt(d2));
      double fi = G * b[j].m * inv, fj = G * b[i].m * inv;
      b[i].ax += dx * fi;
      b[i].ay += dy * fi;
      b[i].az += dz * fi;
      b[j].ax -= dx * fj;
      b[j].ay -= dy * fj;
      b[j].az -= dz * fj;
    }
  }
}

/* Elastic sphere-sphere collisions: exchange momentum along the contact
 * normal when two overlapping bodies approach each other. */
static uint64_t collide(Body *b, int n) {
  uint64_t hits = 0;
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
      double rr = b[i].r + b[j].r;
      double d2 = dx * dx + dy * dy + dz * dz;
      if (d2 >= rr * rr || d2 == 0.0) continue;
      double dvx = b[j].vx - b[i].vx, dvy = b[j].vy - b[i].vy, dvz = b[j].vz - b[i].vz;
      double approach = dvx * dx + dvy * dy + dvz * dz;
      if (approach >= 0.0) continue;
      double k = 2.0 * approach / ((b[i].m + b[j].m) * d2);
      double ki = k * b[j].m, kj = k * b[i].m;
      b[i].vx += ki * dx;
      b[i].vy += ki * dy;
      b[i].vz += ki * dz;
      b[j].vx -= kj * dx;
      b[j].vy -= kj * dy;
      b[j].vz -= kj * dz;
      hits++;
    }
  }
  return hits;
}

static uint64_t walls(Body *b, int n) {
  uint64_t hits = 0;
  for (int i = 0; i < n; i++) {
    double *pos[3] = {&b[i].x, &b[i].y, &b[i].z};
    double *vel[3] = {&b[i].vx, &b[i].vy, &b[i].vz};
    for (int a = 0; a < 3; a++) {
      double lim = BOX - b[i].r;
      if (*pos[a] > lim && *vel[a] > 0.0) {
        *pos[a] = lim - (*pos[a] - lim);
        *vel[a] = -*vel[a];
        hits++;
      } else if (*pos[a] < -lim && *vel[a] < 0.0) {
        *pos[a] = -lim + (-lim - *pos[a]);
        *vel[a] = -*vel[a];
        hits++;
      }
    }
  }
  return hits;
}

static void energy(const Body *b, int n, double *kinetic, double *potential) {
  double ke = 0.0, pe = 0.0;
  for (int i = 0; i < n; i++) {
    ke += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < n; j++) {
      double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
      pe -= G * b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + SOFTENING2);
    }
  }
  *kinetic = ke;
  *potential = pe;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 256;
  int steps = argc > 2 ? atoi(argv[2]) : 2000;
  if (n < 2 || n > 100000 || steps < 0) {
    fprintf(stderr, "usage: physics [bodies >= 2] [steps >= 0]\n");
    return 2;
  }
  Body *b = calloc((size_t)n, sizeof(Body));
  if (!b) {
    fprintf(stderr, "physics: out of memory\n");
    return 1;
  }
  init_bodies(b, n);
  compute_accel(b, n);

  double ke0, pe0;
  energy(b, n, &ke0, &pe0);
  printf("physics: %d bodies, %d steps, dt=%.4f\n", n, steps, DT);
  printf("initial energy: kinetic=%.12f potential=%.12f total=%.12f\n", ke0, pe0, ke0 + pe0);

  uint64_t body_hits = 0, wall_hits = 0;
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < n; i++) { /* half kick + drift */
      b[i].vx += 0.5 * DT * b[i].ax;
      b[i].vy += 0.5 * DT * b[i].ay;
      b[i].vz += 0.5 * DT * b[i].az;
      b[i].x += DT * b[i].vx;
      b[i].y += DT * b[i].vy;
      b[i].z += DT * b[i].vz;
    }
    compute_accel(b, n);
    for (int i = 0; i < n; i++) { /* half kick */
      b[i].vx += 0.5 * DT * b[i].ax;
      b[i].vy += 0.5 * DT * b[i].ay;
      b[i].vz += 0.5 * DT * b[i].az;
    }
    body_hits += collide(b, n);
    wall_hits += walls(b, n);
    if (steps >= 4 && (s + 1) % (steps / 4) == 0) {
      double ke, pe;
      energy(b, n, &ke, &pe);
      printf("step %5d: total energy=%.12f\n", s + 1, ke + pe);
    }
  }

  double ke1, pe1;
  energy(b, n, &ke1, &pe1);
  uint64_t h = 0xCBF29CE484222325ull;
  for (int i = 0; i < n; i++) {
    double v[6] = {b[i].x, b[i].y, b[i].z, b[i].vx, b[i].vy, b[i].vz};
    uint64_t bits[6];
    memcpy(bits, v, sizeof v);
    h = fnv1a64(h, bits, sizeof bits); /* hashes exact bit patterns */
  }
  printf("final energy: kinetic=%.12f potential=%.12f total=%.12f\n", ke1, pe1, ke1 + pe1);
  printf("relative drift: %.6e\n", (ke1 + pe1 - (ke0 + pe0)) / (ke0 + pe0));
  printf("collisions: bodies=%llu walls=%llu\n", (unsigned long long)body_hits, (unsigned long long)wall_hits);
  printf("checksum: %016llx\n", (unsigned long long)h);
  free(b);
  return 0;
}
