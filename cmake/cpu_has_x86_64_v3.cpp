// Configure-time probe (CMakeLists.txt, GRAZING_ARCH=auto): exit 0 when this CPU runs x86-64-v3 code.
int main() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v3") ? 0 : 1;
}
