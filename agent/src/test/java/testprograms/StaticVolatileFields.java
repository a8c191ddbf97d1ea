package testprograms;

/**
 * Three classes, each reading forty static volatile fields of its own in one method: their field ids
 * are given in the order the rewrite meets them, and a run that takes the classes from the class
 * cache must give them the same ids in the same order (then the kept classes load as they are).
 */
public final class StaticVolatileFields {
    static final class A {
        static volatile int f0 = 0;
        static volatile int f1 = 1;
        static volatile int f2 = 2;
        static volatile int f3 = 3;
        static volatile int f4 = 4;
        static volatile int f5 = 5;
        static volatile int f6 = 6;
        static volatile int f7 = 7;
        static volatile int f8 = 8;
        static volatile int f9 = 9;
        static volatile int f10 = 10;
        static volatile int f11 = 11;
        static volatile int f12 = 12;
        static volatile int f13 = 13;
        static volatile int f14 = 14;
        static volatile int f15 = 15;
        static volatile int f16 = 16;
        static volatile int f17 = 17;
        static volatile int f18 = 18;
        static volatile int f19 = 19;
        static volatile int f20 = 20;
        static volatile int f21 = 21;
        static volatile int f22 = 22;
        static volatile int f23 = 23;
        static volatile int f24 = 24;
        static volatile int f25 = 25;
        static volatile int f26 = 26;
        static volatile int f27 = 27;
        static volatile int f28 = 28;
        static volatile int f29 = 29;
        static volatile int f30 = 30;
        static volatile int f31 = 31;
        static volatile int f32 = 32;
        static volatile int f33 = 33;
        static volatile int f34 = 34;
        static volatile int f35 = 35;
        static volatile int f36 = 36;
        static volatile int f37 = 37;
        static volatile int f38 = 38;
        static volatile int f39 = 39;

        static int sum() {
            return f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + f9 + f10 + f11 + f12 + f13
                + f14 + f15 + f16 + f17 + f18 + f19 + f20 + f21 + f22 + f23 + f24 + f25 + f26 + f27
                + f28 + f29 + f30 + f31 + f32 + f33 + f34 + f35 + f36 + f37 + f38 + f39;
        }
    }

    static final class B {
        static volatile int f0 = 0;
        static volatile int f1 = 1;
        static volatile int f2 = 2;
        static volatile int f3 = 3;
        static volatile int f4 = 4;
        static volatile int f5 = 5;
        static volatile int f6 = 6;
        static volatile int f7 = 7;
        static volatile int f8 = 8;
        static volatile int f9 = 9;
        static volatile int f10 = 10;
        static volatile int f11 = 11;
        static volatile int f12 = 12;
        static volatile int f13 = 13;
        static volatile int f14 = 14;
        static volatile int f15 = 15;
        static volatile int f16 = 16;
        static volatile int f17 = 17;
        static volatile int f18 = 18;
        static volatile int f19 = 19;
        static volatile int f20 = 20;
        static volatile int f21 = 21;
        static volatile int f22 = 22;
        static volatile int f23 = 23;
        static volatile int f24 = 24;
        static volatile int f25 = 25;
        static volatile int f26 = 26;
        static volatile int f27 = 27;
        static volatile int f28 = 28;
        static volatile int f29 = 29;
        static volatile int f30 = 30;
        static volatile int f31 = 31;
        static volatile int f32 = 32;
        static volatile int f33 = 33;
        static volatile int f34 = 34;
        static volatile int f35 = 35;
        static volatile int f36 = 36;
        static volatile int f37 = 37;
        static volatile int f38 = 38;
        static volatile int f39 = 39;

        static int sum() {
            return f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + f9 + f10 + f11 + f12 + f13
                + f14 + f15 + f16 + f17 + f18 + f19 + f20 + f21 + f22 + f23 + f24 + f25 + f26 + f27
                + f28 + f29 + f30 + f31 + f32 + f33 + f34 + f35 + f36 + f37 + f38 + f39;
        }
    }

    static final class C {
        static volatile int f0 = 0;
        static volatile int f1 = 1;
        static volatile int f2 = 2;
        static volatile int f3 = 3;
        static volatile int f4 = 4;
        static volatile int f5 = 5;
        static volatile int f6 = 6;
        static volatile int f7 = 7;
        static volatile int f8 = 8;
        static volatile int f9 = 9;
        static volatile int f10 = 10;
        static volatile int f11 = 11;
        static volatile int f12 = 12;
        static volatile int f13 = 13;
        static volatile int f14 = 14;
        static volatile int f15 = 15;
        static volatile int f16 = 16;
        static volatile int f17 = 17;
        static volatile int f18 = 18;
        static volatile int f19 = 19;
        static volatile int f20 = 20;
        static volatile int f21 = 21;
        static volatile int f22 = 22;
        static volatile int f23 = 23;
        static volatile int f24 = 24;
        static volatile int f25 = 25;
        static volatile int f26 = 26;
        static volatile int f27 = 27;
        static volatile int f28 = 28;
        static volatile int f29 = 29;
        static volatile int f30 = 30;
        static volatile int f31 = 31;
        static volatile int f32 = 32;
        static volatile int f33 = 33;
        static volatile int f34 = 34;
        static volatile int f35 = 35;
        static volatile int f36 = 36;
        static volatile int f37 = 37;
        static volatile int f38 = 38;
        static volatile int f39 = 39;

        static int sum() {
            return f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + f9 + f10 + f11 + f12 + f13
                + f14 + f15 + f16 + f17 + f18 + f19 + f20 + f21 + f22 + f23 + f24 + f25 + f26 + f27
                + f28 + f29 + f30 + f31 + f32 + f33 + f34 + f35 + f36 + f37 + f38 + f39;
        }
    }

    public static void main(String[] args) {
        System.out.println("sum=" + (A.sum() + B.sum() + C.sum()));
    }
}
