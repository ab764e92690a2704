# Reference-shaped ProDA DeepLabV2-R101 (ProDA models/deeplabv2.py: caffe-style Bottleneck with the stride on conv1,
# ceil-mode max-pool, layer3/4 dilation 2/4, downsample also on dilated layers; Classifier_Module2: 1×1 + four
# 3×3 dilated (6,12,18,24) branches of 256 channels with GroupNorm(32), concatenated, SE block, 3×3 bottleneck,
# Dropout2d + 1×1 head) with default initialisation, to time anchors row 8 (eval forward, no grad, 1×3×512×1024) with
# torch 1.13 beside our port (bench/Sources.Proda.Benchmarks anchors deeplabv2). Weights do not change the cost.
import torch, torch.nn as nn, torch.nn.functional as F
from anchor_timing import measure
torch.set_num_threads(2); torch.manual_seed(0)
class Bottleneck(nn.Module):
    expansion=4
    def __init__(s,inplanes,planes,stride=1,dilation=1,downsample=None):
        super().__init__()
        s.conv1=nn.Conv2d(inplanes,planes,1,stride=stride,bias=False); s.bn1=nn.BatchNorm2d(planes)
        s.conv2=nn.Conv2d(planes,planes,3,stride=1,padding=dilation,dilation=dilation,bias=False); s.bn2=nn.BatchNorm2d(planes)
        s.conv3=nn.Conv2d(planes,planes*4,1,bias=False); s.bn3=nn.BatchNorm2d(planes*4); s.relu=nn.ReLU(inplace=True); s.downsample=downsample
    def forward(s,x):
        r=x; o=s.relu(s.bn1(s.conv1(x))); o=s.relu(s.bn2(s.conv2(o))); o=s.bn3(s.conv3(o))
        if s.downsample is not None: r=s.downsample(x)
        return s.relu(o+r)
class SEBlock(nn.Module):
    def __init__(s,c,r=16):
        super().__init__(); s.se=nn.Sequential(nn.Linear(c,c//r),nn.ReLU(),nn.Linear(c//r,c),nn.Sigmoid())
    def forward(s,x): return x*s.se(x.mean((2,3))).unsqueeze(-1).unsqueeze(-1)
class Classifier(nn.Module):
    def __init__(s,inplanes,nc,dil=(6,12,18,24)):
        super().__init__()
        s.conv2d_list=nn.ModuleList([nn.Sequential(nn.Conv2d(inplanes,256,1,bias=True),nn.GroupNorm(32,256),nn.ReLU(inplace=True))]+
            [nn.Sequential(nn.Conv2d(inplanes,256,3,padding=d,dilation=d,bias=True),nn.GroupNorm(32,256),nn.ReLU(inplace=True)) for d in dil])
        s.bottleneck=nn.Sequential(SEBlock(256*5),nn.Conv2d(256*5,256,3,padding=1,bias=True),nn.GroupNorm(32,256))
        s.head=nn.Sequential(nn.Dropout2d(0.1),nn.Conv2d(256,nc,1,bias=False))
    def forward(s,x):
        y=s.bottleneck(torch.cat([b(x) for b in s.conv2d_list],1)); f=s.head[0](y); return f,s.head[1](f)
class DeepLabV2(nn.Module):
    def __init__(s,nc=19):
        super().__init__(); s.inplanes=64
        s.conv1=nn.Conv2d(3,64,7,stride=2,padding=3,bias=False); s.bn1=nn.BatchNorm2d(64); s.relu=nn.ReLU(inplace=True)
        s.maxpool=nn.MaxPool2d(3,2,1,ceil_mode=True)
        s.layer1=s.make(64,3); s.layer2=s.make(128,4,stride=2); s.layer3=s.make(256,23,dilation=2); s.layer4=s.make(512,3,dilation=4)
        s.layer5=Classifier(2048,nc)
    def make(s,planes,blocks,stride=1,dilation=1):
        ds=None
        if stride!=1 or s.inplanes!=planes*4 or dilation==2 or dilation==4:
            ds=nn.Sequential(nn.Conv2d(s.inplanes,planes*4,1,stride=stride,bias=False),nn.BatchNorm2d(planes*4))
        layers=[Bottleneck(s.inplanes,planes,stride,dilation,ds)]; s.inplanes=planes*4
        layers+=[Bottleneck(s.inplanes,planes,dilation=dilation) for _ in range(1,blocks)]
        return nn.Sequential(*layers)
    def forward(s,x):
        x=s.maxpool(s.relu(s.bn1(s.conv1(x)))); x=s.layer4(s.layer3(s.layer2(s.layer1(x)))); return s.layer5(x)
model=DeepLabV2().eval(); x=torch.rand(1,3,512,1024)
def run():
    with torch.no_grad(): return model(x)[1]
measure(f"deeplabv2-r101 forward (torch {torch.__version__})", run)
